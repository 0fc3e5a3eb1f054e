import t from 'tap';
import { formTree, numberedEntries } from '../../../../../services/aws-local/protocol/query/form-tree.ts';

t.test('dotted keys become a tree; the first of a key sent twice counts', async (t) => {
  const root = formTree(
    new URLSearchParams(
      'Action=SendMessage&MessageAttribute.1.Name=a&MessageAttribute.1.Value.DataType=String&Action=X',
    ),
  );
  t.equal(root.children.get('Action')?.value, 'SendMessage');
  const entry = root.children.get('MessageAttribute')?.children.get('1');
  t.equal(entry?.children.get('Name')?.value, 'a');
  t.equal(entry?.children.get('Value')?.children.get('DataType')?.value, 'String');
});

t.test('numbered entries come in number order; other names and non-canonical numbers are no entries', async (t) => {
  const params = new URLSearchParams();
  for (const index of ['10', '2', '1', '01', '0', 'x', '9']) params.append(`AttributeName.${index}`, `v${index}`);
  const entries = numberedEntries(formTree(params).children.get('AttributeName'));
  t.same(
    entries.map((e) => e.value),
    ['v1', 'v2', 'v9', 'v10'],
  );
  t.same(numberedEntries(undefined), []);
});

t.test('keys that name Object.prototype members are plain keys', async (t) => {
  const root = formTree(new URLSearchParams('__proto__.polluted=yes&constructor=1'));
  t.equal(root.children.get('__proto__')?.children.get('polluted')?.value, 'yes');
  t.equal(root.children.get('constructor')?.value, '1');
  t.equal(({} as Record<string, unknown>)['polluted'], undefined, 'nothing leaked into Object.prototype');
});
