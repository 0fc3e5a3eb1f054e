import { t } from '../protocol/shape.ts';

export const queueUrlShape = () => t.required(t.string({ min: 1, max: 2048 }));
export const attributeMapShape = () => t.map(t.string());
export const messageAttributeMapShape = () =>
  t.map(
    t.structure({
      DataType: t.required(t.string({ min: 1, max: 256 })),
      StringValue: t.string(),
      BinaryValue: t.blob(),
      StringListValues: t.list(t.string()),
      BinaryListValues: t.list(t.blob()),
    }),
  );
export const systemAttributeMapShape = () =>
  t.map(t.structure({ DataType: t.required(t.string()), StringValue: t.string(), BinaryValue: t.blob() }));
export const receiptHandleShape = () => t.required(t.string({ min: 1, max: 1024 }));
export const batchEntryIdShape = () => t.required(t.string());
/** What one message sent carries, in SendMessage and in each SendMessageBatch entry alike. */
export const sendMessageMembers = () => ({
  MessageBody: t.required(t.string()),
  DelaySeconds: t.integer({ min: 0, max: 900 }),
  MessageAttributes: messageAttributeMapShape(),
  MessageSystemAttributes: systemAttributeMapShape(),
  MessageDeduplicationId: t.string(),
  MessageGroupId: t.string(),
});
export const sendEntryShape = () => t.structure({ Id: batchEntryIdShape(), ...sendMessageMembers() });
