import { describe, expect, it } from 'vitest';
import { ApiError } from './errors.js';
import {
  everything,
  isEmpty,
  formatLabelSelector,
  formatLabels,
  fromLabelSelector,
  labelSelectorMatches,
  matches,
  nothing,
  parseSelector,
  parseSelectorOrError,
  selectorFromSet,
  selectorString,
  selectorToString,
  SelectorError,
} from './labels.js';

const labels = { app: 'web', tier: 'frontend', version: '3' };

describe('parseSelector: canonical form and matching', () => {
  it.each([
    // selector, canonical string, matches `labels`
    ['', '', true],
    ['app=web', 'app=web', true],
    ['app==web', 'app==web', true],
    ['app!=web', 'app!=web', false],
    ['app!=db', 'app!=db', true],
    ['missing!=x', 'missing!=x', true],
    ['app in (web,db)', 'app in (db,web)', true],
    ['app in (db)', 'app in (db)', false],
    ['app notin (db)', 'app notin (db)', true],
    ['app notin (web)', 'app notin (web)', false],
    ['missing notin (web)', 'missing notin (web)', true],
    ['missing in (web)', 'missing in (web)', false],
    ['app', 'app', true],
    ['missing', 'missing', false],
    ['!missing', '!missing', true],
    ['!app', '!app', false],
    ['version>2', 'version>2', true],
    ['version<2', 'version<2', false],
    ['app>2', 'app>2', false],
    ['tier=frontend,app=web', 'app=web,tier=frontend', true],
    ['  app = web ,  tier in ( frontend )  ', 'app=web,tier in (frontend)', true],
    ['app=', 'app=', false],
    ['app in ()', 'app in ()', false],
    ['x in (a,,b)', 'x in (,a,b)', false],
    ['in in (in,notin)', 'in in (in,notin)', false],
    ['example.com/app=web', 'example.com/app=web', false],
    ['app=web\t,\ntier=frontend', 'app=web,tier=frontend', true],
  ])('%j', (s, canonical, want) => {
    const sel = parseSelector(s);
    expect(selectorString(sel)).toBe(canonical);
    expect(matches(sel, labels)).toBe(want);
  });

  it('an empty selector matches objects without labels; a key requirement does not', () => {
    expect(matches(parseSelector(''), undefined)).toBe(true);
    expect(matches(parseSelector('app'), undefined)).toBe(false);
    expect(matches(parseSelector('!app'), undefined)).toBe(true);
  });
});

describe('parseSelector: Kubernetes error messages', () => {
  const nameRegex =
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
  const valueRegex =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
  it.each([
    ['app web', "unable to parse requirement: found 'web', expected: in, notin, =, ==, !=, gt, lt"],
    ['app=web db', "found 'db', expected: ',' or 'end of string'"],
    ['app in web', "unable to parse requirement: found 'web' expected: '('"],
    ['app in (a b)', "unable to parse requirement: found 'b', expected: ',' or ')'"],
    ['app in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    ['app=(x)', "unable to parse requirement: found '(', expected: identifier"],
    ['app,', "found '', expected: identifier after ','"],
    [',app', "found ',', expected: !, identifier, or 'end of string'"],
    ['=web', "found '=', expected: !, identifier, or 'end of string'"],
    ['!=web', "found '!=', expected: !, identifier, or 'end of string'"],
    ['!,a', "unable to parse requirement: found ',', expected: identifier"],
    ['!app=web', "found '=', expected: ',' or 'end of string'"],
    ['app(x)', "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt"],
    ['-app=web', `unable to parse requirement: <nil>: Invalid value: "-app": ${nameRegex}`],
    ['app=-web', `unable to parse requirement: values[0][app]: Invalid value: "-web": ${valueRegex}`],
    ['a/b/c', 'unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\') with an optional DNS subdomain prefix and \'/\' (e.g. \'example.com/MyName\')'],
    ['/app', 'unable to parse requirement: <nil>: Invalid value: "/app": prefix part must be non-empty'],
    ['app=' + 'x'.repeat(64), `unable to parse requirement: values[0][app]: Invalid value: "${'x'.repeat(64)}": must be no more than 63 characters`],
    ['n>x', 'unable to parse requirement: values[0]: Invalid value: "x": for \'Gt\', \'Lt\' operators, the value must be an integer'],
  ])('%j', (s, message) => {
    expect(() => parseSelectorOrError(s)).toThrow(new SelectorError(message));
    try {
      parseSelector(s);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ApiError);
      expect((e as ApiError).code).toBe(400);
      expect((e as ApiError).reason).toBe('BadRequest');
      expect((e as ApiError).message).toBe(message);
    }
  });

  it('reports an empty name part with both of Kubernetes messages', () => {
    expect(() => parseSelectorOrError('example.com/=x')).toThrow(
      `unable to parse requirement: <nil>: Invalid value: "example.com/": name part must be non-empty; ${nameRegex}`,
    );
  });
});

describe('metav1.LabelSelector', () => {
  it.each([
    [{ matchLabels: { app: 'web' } }, 'app=web', true],
    [{ matchLabels: { tier: 'frontend', app: 'web' } }, 'app=web,tier=frontend', true],
    [{ matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'db'] }] }, 'app in (db,web)', true],
    [{ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] }, 'app notin (web)', false],
    [{ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, 'tier', true],
    [{ matchExpressions: [{ key: 'gpu', operator: 'DoesNotExist' }] }, '!gpu', true],
    [
      { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] },
      'app=web,env in (prod)',
      false,
    ],
    [{}, '', true],
  ])('%j → %s', (ls, s, want) => {
    expect(selectorToString(ls)).toBe(s);
    expect(matches(fromLabelSelector(ls), labels)).toBe(want);
    expect(labelSelectorMatches(ls, labels)).toBe(want);
  });

  it('isEmpty tells everything from nothing and from real selectors', () => {
    expect(isEmpty(everything)).toBe(true);
    expect(isEmpty(fromLabelSelector({}))).toBe(true);
    expect(isEmpty(nothing)).toBe(false);
    expect(isEmpty(parseSelector('a'))).toBe(false);
  });

  it('a missing selector matches nothing, an empty one everything', () => {
    expect(fromLabelSelector(undefined)).toBe(nothing);
    expect(matches(fromLabelSelector(null), labels)).toBe(false);
    expect(matches(fromLabelSelector({}), undefined)).toBe(true);
  });

  it.each([
    [{ matchExpressions: [{ key: 'a', operator: 'Foo' }] }, '"Foo" is not a valid label selector operator'],
    [{ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }, "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty"],
    [{ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }, 'values: Invalid value: []string{"x"}: values set must be empty for exists and does not exist'],
    [{ matchLabels: { 'bad key': 'x' } }, 'key: Invalid value: "bad key": name part must consist of'],
  ])('rejects %j', (ls, msg) => {
    expect(() => fromLabelSelector(ls)).toThrow(msg);
    expect(formatLabelSelector(ls)).toBe('<error>');
    expect(labelSelectorMatches(ls, labels)).toBe(false);
  });

  it('formatLabelSelector shows <none> for an empty selector', () => {
    expect(formatLabelSelector({})).toBe('<none>');
    expect(formatLabelSelector({ matchLabels: { app: 'web' } })).toBe('app=web');
  });
});

describe('sets', () => {
  it('selectorFromSet and formatLabels sort by key', () => {
    expect(selectorString(selectorFromSet({ b: '2', a: '1' }))).toBe('a=1,b=2');
    expect(matches(selectorFromSet({ app: 'web' }), labels)).toBe(true);
    expect(matches(selectorFromSet({ app: 'db' }), labels)).toBe(false);
    expect(formatLabels({ b: '2', a: '1' })).toBe('a=1,b=2');
    expect(formatLabels({})).toBe('<none>');
    expect(formatLabels(undefined)).toBe('<none>');
  });
});
