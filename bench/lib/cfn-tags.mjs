// CloudFormation short-form intrinsic tags (!Ref, !GetAtt, !Sub, ...) for js-yaml and the `yaml`
// package, each accepted on a scalar, a sequence and a mapping, so both libraries can load templates.
import jsYaml from 'js-yaml';

export const CFN_TAGS = [
  'Ref',
  'Condition',
  'GetAtt',
  'Sub',
  'Join',
  'Select',
  'Split',
  'FindInMap',
  'GetAZs',
  'ImportValue',
  'Base64',
  'Cidr',
  'If',
  'Not',
  'Equals',
  'And',
  'Or',
  'Transform',
  'ToJsonString',
  'Length',
  'ForEach',
  'Contains',
  'EachMemberEquals',
  'EachMemberIn',
  'RefAll',
  'ValueOf',
  'ValueOfAll',
  'Rain',
];

const fnName = (tag) => (tag === 'Ref' || tag === 'Condition' ? tag : `Fn::${tag}`);

/** js-yaml: one Type per tag and node kind; `!GetAtt a.b` splits like CloudFormation does. */
export const CFN_SCHEMA = jsYaml.DEFAULT_SCHEMA.extend(
  CFN_TAGS.flatMap((tag) =>
    ['scalar', 'sequence', 'mapping'].map(
      (kind) =>
        new jsYaml.Type(`!${tag}`, {
          kind,
          construct: (data) => ({
            [fnName(tag)]:
              tag === 'GetAtt' && kind === 'scalar' && typeof data === 'string' ? data.split('.') : data,
          }),
        }),
    ),
  ),
);

/** `yaml` customTags: a scalar tag plus seq and map collection tags for each name. */
export const YAML_CUSTOM_TAGS = CFN_TAGS.flatMap((tag) => [
  { tag: `!${tag}`, default: false, resolve: (value) => value },
  { tag: `!${tag}`, collection: 'seq', default: false },
  { tag: `!${tag}`, collection: 'map', default: false },
]);
