import t from 'tap';
import {
  EventPatternError,
  matchesEventPattern,
  parseEventPattern,
} from '../../../../services/aws-local/events/event-pattern.ts';
import { ACM_APPROACHING_EXPIRATION, acmCertificateAvailable } from './fixtures/acm-events.ts';

// Most cases are the examples of AWS's "Content filtering in Amazon EventBridge
// event patterns" and "Comparison operators" pages and the aws/event-ruler README.

/** The README's EC2 example event; `detail` replaced per case. */
function event(detail: Record<string, unknown> = {}, envelope: Record<string, unknown> = {}) {
  return {
    version: '0',
    id: 'ddddd4-aaaa-7777-4444-345dd43cc333',
    'detail-type': 'EC2 Instance State-change Notification',
    source: 'aws.ec2',
    account: '012345679012',
    time: '2017-10-02T16:24:49Z',
    region: 'us-east-1',
    resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000'],
    detail,
    ...envelope,
  };
}

interface Case {
  name: string;
  pattern: unknown;
  match: object[];
  noMatch: object[];
}

const CASES: Case[] = [
  {
    name: 'exact values; a value list is OR; every named field must match (AND)',
    pattern: { source: ['aws.ec2'], detail: { state: ['initializing', 'running'] } },
    match: [event({ state: 'running' }), event({ state: 'initializing' })],
    noMatch: [event({ state: 'stopped' }), event({ state: 'running' }, { source: 'aws.s3' }), event({})],
  },
  {
    name: 'array event fields match when any element matches',
    pattern: {
      resources: [
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
      ],
    },
    match: [
      event(
        {},
        {
          resources: [
            'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup',
            'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
          ],
        },
      ),
    ],
    noMatch: [
      event({}, { resources: ['arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup'] }),
      event({}, { resources: [] }),
    ],
  },
  {
    name: 'exact matching is type- and case-sensitive; numbers compare as numbers; null and booleans',
    pattern: { detail: { count: [300], flag: [false], gone: [null], name: ['Web'] } },
    match: [event({ count: 300.0, flag: false, gone: null, name: 'Web' })],
    noMatch: [
      event({ count: '300', flag: false, gone: null, name: 'Web' }),
      event({ count: 300, flag: 'false', gone: null, name: 'Web' }),
      event({ count: 300, flag: false, gone: 'null', name: 'Web' }),
      event({ count: 300, flag: false, gone: null, name: 'web' }),
    ],
  },
  {
    name: 'empty string value',
    pattern: { detail: { eventVersion: [''] } },
    match: [event({ eventVersion: '' })],
    noMatch: [event({ eventVersion: '1' }), event({})],
  },
  {
    name: 'nested objects and dotted paths are the same path',
    pattern: { detail: { 'state.status': ['running'] } },
    match: [event({ state: { status: 'running' } }), event({ 'state.status': 'running' })],
    noMatch: [
      event({ state: { status: 'stopped' } }),
      event({ state: 'running' }),
      event({ detail: '{"state":{"status":"running"}}' }),
    ],
  },
  {
    name: 'prefix',
    pattern: { time: [{ prefix: '2017-10-02' }] },
    match: [event()],
    noMatch: [event({}, { time: '2017-10-03T16:24:49Z' })],
  },
  {
    name: 'prefix with equals-ignore-case',
    pattern: { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } },
    match: [event({ service: 'EventBridge' }), event({ service: 'eventbus' }), event({ service: 'EVENTB' })],
    noMatch: [event({ service: 'Events' }), event({ service: 42 })],
  },
  {
    name: 'suffix (case-sensitive) and suffix with equals-ignore-case',
    pattern: { detail: { FileName: [{ suffix: '.png' }], Other: [{ suffix: { 'equals-ignore-case': '.PNG' } }] } },
    match: [event({ FileName: 'image.png', Other: 'a.png' })],
    noMatch: [event({ FileName: 'image.PNG', Other: 'a.png' }), event({ FileName: 'image.png', Other: 'a.jpg' })],
  },
  {
    name: 'anything-but a string: other strings, numbers and null match; a missing field does not',
    pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
    match: [event({ state: 'pending' }), event({ state: 12 }), event({ state: null })],
    noMatch: [event({ state: 'initializing' }), event({})],
  },
  {
    name: 'anything-but a list of numbers',
    pattern: { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } },
    match: [event({ 'x-limit': 999 }), event({ 'x-limit': '100' })],
    noMatch: [event({ 'x-limit': 100 }), event({ 'x-limit': 300.0 })],
  },
  {
    name: 'anything-but prefix',
    pattern: { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
    match: [event({ state: 'post-init' }), event({ state: 12 })],
    noMatch: [event({ state: 'init-done' }), event({})],
  },
  {
    name: 'anything-but suffix (list)',
    pattern: { detail: { FileName: [{ 'anything-but': { suffix: ['.txt', '.jpg'] } }] } },
    match: [event({ FileName: 'file.txt.bak' })],
    noMatch: [event({ FileName: 'file.jpg' }), event({ FileName: 'notes.txt' })],
  },
  {
    name: 'anything-but equals-ignore-case',
    pattern: { detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['initializing', 'stopped'] } }] } },
    match: [event({ state: 'pending' })],
    noMatch: [event({ state: 'INITIALIZING' }), event({ state: 'Stopped' })],
  },
  {
    name: 'anything-but wildcard',
    pattern: { detail: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] } },
    match: [event({ FilePath: '/usr/bin/tool' }), event({ FilePath: 123 })],
    noMatch: [event({ FilePath: '/usr/lib/libc.so' })],
  },
  {
    name: 'numeric ranges with every operator',
    pattern: {
      detail: {
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ numeric: ['=', 3.018e2] }],
        'y-min': [{ numeric: ['>=', 10, '<', 20] }],
      },
    },
    match: [event({ 'c-count': 5, 'd-count': 9, 'x-limit': 301.8, 'y-min': 10 })],
    noMatch: [
      event({ 'c-count': 0, 'd-count': 9, 'x-limit': 301.8, 'y-min': 10 }),
      event({ 'c-count': 6, 'd-count': 9, 'x-limit': 301.8, 'y-min': 10 }),
      event({ 'c-count': 5, 'd-count': 10, 'x-limit': 301.8, 'y-min': 10 }),
      event({ 'c-count': 5, 'd-count': 9, 'x-limit': 301.9, 'y-min': 10 }),
      event({ 'c-count': 5, 'd-count': 9, 'x-limit': 301.8, 'y-min': 20 }),
      event({ 'c-count': '5', 'd-count': 9, 'x-limit': 301.8, 'y-min': 10 }),
    ],
  },
  {
    name: 'exists: true only on present leaves (null counts, objects and empty arrays do not)',
    pattern: { detail: { state: [{ exists: true }] } },
    match: [event({ state: 'pending' }), event({ state: null }), event({ state: ['a'] })],
    noMatch: [event({}), event({ state: { status: 'x' } }), event({ state: [] })],
  },
  {
    name: 'exists: false holds on missing fields, missing parents and object-valued fields',
    pattern: { detail: { 'c-count': [{ exists: false }] } },
    match: [event({ state: 'running' }), event({ 'c-count': { c1: 100 } }), event({}, { detail: undefined })],
    noMatch: [event({ 'c-count': 3 }), event({ 'c-count': null })],
  },
  {
    name: 'equals-ignore-case',
    pattern: { 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] },
    match: [event(), event({}, { 'detail-type': ['EC2 INSTANCE STATE-CHANGE NOTIFICATION'] })],
    noMatch: [event({}, { 'detail-type': 'EC2 Instance Launch' })],
  },
  {
    name: 'wildcard, with an escaped asterisk',
    pattern: {
      detail: { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }], Glob: [{ wildcard: 'a\\*b*' }] },
    },
    match: [event({ EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/myEventBus', Glob: 'a*bc' })],
    noMatch: [
      event({ EventBusArn: 'arn:aws:events:eu-west-1:123456789012:event-bus/myEventBus', Glob: 'a*bc' }),
      event({ EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/myEventBus', Glob: 'axbc' }),
    ],
  },
  {
    name: 'cidr (IPv4 and IPv6)',
    pattern: { detail: { v4: [{ cidr: '10.0.0.0/24' }], v6: [{ cidr: '2001:db8:1234:1a00::/64' }] } },
    match: [event({ v4: '10.0.0.255', v6: '2001:0db8:1234:1a00:0000:0000:0000:0001' })],
    noMatch: [
      event({ v4: '10.0.1.1', v6: '2001:db8:1234:1a00::1' }),
      event({ v4: '10.0.0.256', v6: '2001:db8:1234:1a00::1' }),
      event({ v4: '10.0.0.1', v6: '2001:db8:123f:1a01::1' }),
      event({ v4: 123, v6: '2001:db8:1234:1a00::1' }),
    ],
  },
  {
    name: '$or between fields, combined with AND outside it',
    pattern: {
      source: ['aws.ec2'],
      detail: { $or: [{ 'c-count': [{ numeric: ['>', 0, '<=', 5] }] }, { 'd-count': [{ numeric: ['<', 10] }] }] },
    },
    match: [event({ 'c-count': 3, 'd-count': 50 }), event({ 'c-count': 0, 'd-count': 0 })],
    noMatch: [event({ 'c-count': 0, 'd-count': 10 }), event({ 'c-count': 3 }, { source: 'aws.s3' })],
  },
  {
    name: 'several operators on one field are OR',
    pattern: { detail: { S: [{ 'anything-but': ['roses'] }, { exists: false }] } },
    match: [event({ S: 'tulips' }), event({ N: '789' })],
    noMatch: [event({ S: 'roses' })],
  },
  {
    name: 'fields inside an array of objects must come from the same element',
    pattern: { detail: { employees: { firstName: ['Anna'], lastName: ['Smith'] } } },
    match: [
      event({
        employees: [
          { firstName: 'John', lastName: 'Doe' },
          { firstName: 'Anna', lastName: 'Smith' },
        ],
      }),
    ],
    noMatch: [
      event({
        employees: [
          { firstName: 'Anna', lastName: 'Doe' },
          { firstName: 'Peter', lastName: 'Smith' },
        ],
      }),
    ],
  },
  {
    name: 'ACM renewal: the pattern the renewal Lambda subscribes with',
    pattern: { source: ['aws.acm'], 'detail-type': ['ACM Certificate Available'], detail: { Action: ['RENEWAL'] } },
    match: [acmCertificateAvailable('RENEWAL')],
    noMatch: [acmCertificateAvailable('ISSUANCE'), ACM_APPROACHING_EXPIRATION],
  },
  {
    name: 'ACM approaching expiration (the documented sample), by days left and certificate',
    pattern: {
      source: ['aws.acm'],
      'detail-type': ['ACM Certificate Approaching Expiration'],
      resources: [{ prefix: 'arn:aws:acm:us-east-1:123456789012:certificate/' }],
      detail: { DaysToExpiry: [{ numeric: ['<=', 45] }] },
    },
    match: [ACM_APPROACHING_EXPIRATION],
    noMatch: [
      { ...ACM_APPROACHING_EXPIRATION, detail: { DaysToExpiry: 46, CommonName: 'My Awesome Service' } },
      { ...ACM_APPROACHING_EXPIRATION, resources: ['arn:aws:acm:eu-west-1:123456789012:certificate/x'] },
      acmCertificateAvailable('RENEWAL'),
    ],
  },
];

for (const c of CASES) {
  t.test(c.name, async (t) => {
    const pattern = parseEventPattern(JSON.stringify(c.pattern));
    c.match.forEach((e, i) => t.ok(matchesEventPattern(pattern, e as Record<string, unknown>), `matches event ${i}`));
    c.noMatch.forEach((e, i) =>
      t.notOk(matchesEventPattern(pattern, e as Record<string, unknown>), `does not match event ${i}`),
    );
  });
}

// Reasons as EventBridge words them after "Event pattern is not valid. Reason: ".
const INVALID: [string, string, string][] = [
  ['not JSON object', '["not", "a", "dict"]', 'Filter is not an object'],
  ['a bare string', '"source"', 'Filter is not an object'],
  ['a scalar field value', '{"source": "aws.acm"}', '"source" must be an object or an array'],
  ['an empty array', '{"resources": []}', 'Empty arrays are not allowed'],
  ['an empty object', '{"detail": {}}', 'Empty objects are not allowed'],
  ['a nested array value', '{"a": [["x"]]}', 'Match value must be String, number, true, false, or null'],
  ['an unknown operator', '{"a": [{"contains": "x"}]}', 'Unrecognized match type contains'],
  ['operators are case-sensitive', '{"a": [{"EXISTS": true}]}', 'Unrecognized match type EXISTS'],
  ['numeric with a string bound', '{"a": [{"numeric": [">", "zero"]}]}', 'Value of > must be numeric'],
  ['numeric missing its upper bound', '{"a": [{"numeric": [">", 0, "<"]}]}', 'Value of < must be numeric'],
  ['numeric with two lower bounds', '{"a": [{"numeric": [">", 0, ">", 0]}]}', 'Bad numeric range operator: >'],
  ['numeric not a list', '{"a": [{"numeric": 10}]}', 'Value of numeric must be an array.'],
  ['numeric unknown operator', '{"a": [{"numeric": ["!=", 1]}]}', 'Unrecognized numeric range operator: !='],
  ['prefix not a string', '{"a": [{"prefix": ["x"]}]}', 'prefix match pattern must be a string'],
  ['suffix not a string', '{"a": [{"suffix": 1}]}', 'suffix match pattern must be a string'],
  ['exists not boolean', '{"a": [{"exists": "yes"}]}', 'exists match pattern must be either true or false.'],
  [
    'anything-but null',
    '{"a": [{"anything-but": null}]}',
    'Value of anything-but must be an array or single string/number value.',
  ],
  [
    'anything-but mixed list',
    '{"a": [{"anything-but": ["x", 1]}]}',
    'Inside anything but list, either all values are number or string, mixed type is not supported',
  ],
  [
    'anything-but list with null',
    '{"a": [{"anything-but": ["x", null]}]}',
    'Inside anything but list, start|null|boolean is not supported.',
  ],
  ['anything-but empty prefix', '{"a": [{"anything-but": {"prefix": ""}}]}', 'Null prefix/suffix not allowed'],
  [
    'anything-but unknown form',
    '{"a": [{"anything-but": {"numeric": [">", 1]}}]}',
    'Unsupported anything-but pattern: numeric',
  ],
  [
    'equals-ignore-case list',
    '{"a": [{"equals-ignore-case": ["x"]}]}',
    'equals-ignore-case match pattern must be a string',
  ],
  [
    'wildcard with **',
    '{"a": [{"wildcard": "arn:aws:events:us-east-1:**:event-bus/*"}]}',
    'Consecutive wildcard characters at pos 26',
  ],
  ['cidr without mask', '{"a": [{"cidr": "10.0.0.1"}]}', "Malformed CIDR, one '/' required"],
  ['cidr with a bad address', '{"a": [{"cidr": "xx.11.xx/8"}]}', 'Nonstandard IP address: xx.11.xx'],
  ['$or with one branch', '{"$or": [{"a": ["x"]}]}', 'There must have at least 2 Objects in $or relationship.'],
];

t.test('invalid patterns are rejected with EventBridge reasons', async (t) => {
  for (const [what, text, reason] of INVALID) {
    t.throws(() => parseEventPattern(text), new EventPatternError(reason), what);
  }
  t.throws(() => parseEventPattern('{"a": [1'), EventPatternError, 'malformed JSON');
});
