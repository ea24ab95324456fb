/**
 * The YAML test suite cases we fail, each a design choice (what PyYAML, the loader behind cfn-lint and
 * the SAM CLI, does too, or what a template never needs) or a bug, with why. yaml-suite.test.ts fails
 * when a case listed here starts passing, so the list stays true.
 */

interface ExpectedFailure {
  kind: 'design choice' | 'bug';
  reason: string;
}

const COMPLEX_KEY: ExpectedFailure = {
  kind: 'design choice',
  reason: 'a mapping or sequence as a key: template keys are strings, PyYAML cannot load it either',
};
const EMPTY_KEY: ExpectedFailure = {
  kind: 'design choice',
  reason: 'an empty implicit key (`: value`): PyYAML rejects it too',
};
const LIKE_PYYAML_ACCEPTS: ExpectedFailure = {
  kind: 'design choice',
  reason: 'accepted as PyYAML accepts it (indentation of flow and quoted continuation lines is not checked)',
};
const DIRECTIVES: ExpectedFailure = {
  kind: 'bug',
  reason: 'directives are skipped, not validated (templates never have them)',
};

export const EXPECTED_FAILURES: Record<string, ExpectedFailure> = {
  // Valid cases we reject or read differently.
  '2JQS': EMPTY_KEY,
  '4FJ6': COMPLEX_KEY,
  '6BFJ': COMPLEX_KEY,
  '6M2F': EMPTY_KEY,
  '6PBE': COMPLEX_KEY,
  '9MMW': COMPLEX_KEY,
  CFD4: EMPTY_KEY,
  CT4Q: { kind: 'bug', reason: 'an explicit key (`? `) inside a flow sequence is not read' },
  DK3J: {
    kind: 'design choice',
    reason: 'a zero-indented block scalar on the `---` line: PyYAML rejects it too',
  },
  FP8R: {
    kind: 'design choice',
    reason: 'a zero-indented block scalar on the `---` line: PyYAML rejects it too',
  },
  FRK4: EMPTY_KEY,
  JR7V: {
    kind: 'design choice',
    reason: '`?` inside a plain scalar in a flow collection ends it, as in PyYAML',
  },
  KK5P: COMPLEX_KEY,
  'L24T/01': {
    kind: 'design choice',
    reason:
      'a file ending without a line break: no final break is added to the last block scalar (as PyYAML)',
  },
  LX3P: COMPLEX_KEY,
  'M2N8/00': EMPTY_KEY,
  'M2N8/01': COMPLEX_KEY,
  M5DY: COMPLEX_KEY,
  NHX8: EMPTY_KEY,
  Q9WF: COMPLEX_KEY,
  RZP5: COMPLEX_KEY,
  S3PD: EMPTY_KEY,
  SBG9: COMPLEX_KEY,
  'SM9W/01': EMPTY_KEY,
  'UKK6/00': EMPTY_KEY,
  V9D5: COMPLEX_KEY,
  X38W: COMPLEX_KEY,
  XW4D: COMPLEX_KEY,
  // Invalid cases we accept.
  '9C9N': LIKE_PYYAML_ACCEPTS,
  '9JBA': { kind: 'design choice', reason: 'a comment right after a flow collection: PyYAML accepts it too' },
  '9MMA': DIRECTIVES,
  B63P: DIRECTIVES,
  CVW2: {
    kind: 'design choice',
    reason: 'a comment right after a comma in a flow collection: PyYAML accepts it too',
  },
  'DK95/01': LIKE_PYYAML_ACCEPTS,
  H7TQ: DIRECTIVES,
  'MUS6/00': DIRECTIVES,
  N782: { kind: 'bug', reason: 'a document marker inside a flow collection is read as a plain scalar' },
  QB6E: LIKE_PYYAML_ACCEPTS,
  SF5V: DIRECTIVES,
  'VJP3/00': LIKE_PYYAML_ACCEPTS,
  'Y79Y/003': {
    kind: 'bug',
    reason: 'a tab indenting a flow collection line is not reported (PyYAML rejects it)',
  },
};
