/**
 * The runs table's filter language, translated to a SageMaker Search expression that the server evaluates:
 *
 *   lr >= 0.01 and optimizer = adam and loss.min < 0.2
 *   (status = Failed or status = Stopped) and name ~ baseline
 *   batch_size in (32, 64) and tags.team exists
 *
 * Comparisons: = != < <= > >= (also == and <>), ~ (contains), `in (a, b)`, `exists`, `missing`; `and`, `or` and
 * parentheses (and binds tighter than or). A field is a parameter (`lr`, or `params.lr`), a metric statistic
 * (`loss.min`, `loss.max`, `loss.last`, `loss.avg`, `loss.count`, `loss.stddev`), one of `name`, `display`, `status`,
 * `message`, `start`, `end`, `created`, `modified`, `trial`, `tags.<key>`, or a property spelled as Search spells it
 * (`Parameters.lr`, `Metrics.loss.Min`). A value is a number, a word, or a quoted string ("two words", 'x').
 * Pure: no DOM, tested with node --test.
 */

const OPERATORS = new Map([
  ['=', 'Equals'], ['==', 'Equals'], ['!=', 'NotEquals'], ['<>', 'NotEquals'],
  ['<', 'LessThan'], ['<=', 'LessThanOrEqualTo'], ['>', 'GreaterThan'], ['>=', 'GreaterThanOrEqualTo'],
  ['~', 'Contains'],
]);

const STATS = new Map([
  ['min', 'Min'], ['max', 'Max'], ['last', 'Last'], ['avg', 'Avg'], ['mean', 'Avg'], ['count', 'Count'],
  ['stddev', 'StdDev'], ['std', 'StdDev'],
]);

const NAMED_FIELDS = new Map([
  ['name', 'TrialComponentName'], ['display', 'DisplayName'], ['status', 'Status.PrimaryStatus'],
  ['message', 'Status.Message'], ['start', 'StartTime'], ['end', 'EndTime'], ['created', 'CreationTime'],
  ['modified', 'LastModifiedTime'], ['trial', 'Parents.TrialName'],
]);

/** The model's limits on one expression: 20 filters, 20 sub-expressions. */
const MAX_PARTS = 20;

/** A mistake in the expression, with the 0-based position it was found at. */
export class FilterError extends Error {
  constructor(message, position) {
    super(message);
    this.name = 'FilterError';
    this.position = position;
  }
}

// ---- Tokens ----

const WORD = /[A-Za-z0-9_:./@+\-*]/;

function tokenize(text) {
  const tokens = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({type: c, text: c, position: start});
      i++;
    } else if (c === '"' || c === "'") {
      let value = '';
      i++;
      while (i < text.length && text[i] !== c) {
        if (text[i] === '\\' && i + 1 < text.length) {
          i++;
        }
        value += text[i++];
      }
      if (i >= text.length) {
        throw new FilterError(`the quote opened at column ${start + 1} is never closed`, start);
      }
      i++;
      tokens.push({type: 'string', text: value, position: start});
    } else if ('=!<>~'.includes(c)) {
      let op = c;
      while (i + op.length < text.length && '=!<>~'.includes(text[i + op.length])) {
        op += text[i + op.length];
      }
      if (!OPERATORS.has(op)) {
        throw new FilterError(`'${op}' is no comparison (use = != < <= > >= ~)`, start);
      }
      tokens.push({type: 'op', text: op, position: start});
      i += op.length;
    } else if (WORD.test(c)) {
      while (i < text.length && WORD.test(text[i])) {
        i++;
      }
      tokens.push({type: 'word', text: text.slice(start, i), position: start});
    } else {
      throw new FilterError(`unexpected '${c}' at column ${start + 1}`, start);
    }
  }
  return tokens;
}

// ---- Fields ----

/**
 * The Search property a field names. `known` (optional) holds the run's metric and parameter names: a dotted field
 * whose head is a known metric and whose tail a statistic is that metric's statistic, else a parameter.
 */
export function fieldProperty(field, known = {}) {
  if (/^(Parameters|Metrics|Tags|Parents|Status|InputArtifacts|OutputArtifacts|Source)\./.test(field)
      || ['TrialComponentName', 'DisplayName', 'StartTime', 'EndTime', 'CreationTime', 'LastModifiedTime']
        .includes(field)) {
    return field; // spelled as Search spells it
  }
  const lower = field.toLowerCase();
  if (NAMED_FIELDS.has(lower) && !(known.parameters ?? []).includes(field)) {
    return NAMED_FIELDS.get(lower);
  }
  for (const prefix of ['params.', 'param.', 'parameters.']) {
    if (lower.startsWith(prefix) && field.length > prefix.length) {
      return `Parameters.${field.slice(prefix.length)}`;
    }
  }
  if (lower.startsWith('tags.') && field.length > 5) {
    return `Tags.${field.slice(5)}`;
  }
  for (const prefix of ['metrics.', 'metric.']) {
    if (lower.startsWith(prefix)) {
      return metricProperty(field.slice(prefix.length), field, true);
    }
  }
  const dot = field.lastIndexOf('.');
  if (dot > 0 && STATS.has(field.slice(dot + 1).toLowerCase())) {
    const metric = field.slice(0, dot);
    const isParameter = (known.parameters ?? []).includes(field);
    const isMetric = (known.metrics ?? []).includes(metric) || !known.metrics;
    if (isMetric && !isParameter) {
      return metricProperty(field, field, false);
    }
  }
  return `Parameters.${field}`;
}

function metricProperty(text, field, required) {
  const dot = text.lastIndexOf('.');
  const stat = dot > 0 ? STATS.get(text.slice(dot + 1).toLowerCase()) : undefined;
  if (!stat) {
    if (required) {
      throw new FilterError(`'${field}' names no statistic: end it with .min, .max, .last, .avg, .count or .stddev`,
        0);
    }
    return null;
  }
  return `Metrics.${text.slice(0, dot)}.${stat}`;
}

// ---- Parsing ----

class Parser {
  constructor(text, known) {
    this.text = text;
    this.known = known;
    this.tokens = tokenize(text);
    this.i = 0;
  }

  peek() {
    return this.tokens[this.i];
  }

  next() {
    return this.tokens[this.i++];
  }

  end() {
    return this.text.length;
  }

  isWord(token, word) {
    return token?.type === 'word' && token.text.toLowerCase() === word;
  }

  expect(type, what) {
    const token = this.next();
    if (!token || token.type !== type) {
      const where = token ? token.position : this.end();
      throw new FilterError(`expected ${what} ${token ? `at column ${where + 1}, found '${token.text}'`
        : 'at the end'}`, where);
    }
    return token;
  }

  /** or := and ('or' and)* */
  or() {
    const parts = [this.and()];
    while (this.isWord(this.peek(), 'or')) {
      this.next();
      parts.push(this.and());
    }
    return parts.length === 1 ? parts[0] : {op: 'Or', parts};
  }

  /** and := primary ('and' primary)* */
  and() {
    const parts = [this.primary()];
    while (this.isWord(this.peek(), 'and')) {
      this.next();
      parts.push(this.primary());
    }
    return parts.length === 1 ? parts[0] : {op: 'And', parts};
  }

  primary() {
    const token = this.peek();
    if (!token) {
      throw new FilterError('expected a comparison at the end', this.end());
    }
    if (token.type === '(') {
      this.next();
      const inner = this.or();
      this.expect(')', "')'");
      return inner;
    }
    return this.comparison();
  }

  comparison() {
    const fieldToken = this.next();
    if (fieldToken.type !== 'word' && fieldToken.type !== 'string') {
      throw new FilterError(`expected a field at column ${fieldToken.position + 1}, found '${fieldToken.text}'`,
        fieldToken.position);
    }
    if (['and', 'or', 'in', 'exists', 'missing'].includes(fieldToken.text.toLowerCase()) && fieldToken.type === 'word') {
      throw new FilterError(`expected a field at column ${fieldToken.position + 1}, found '${fieldToken.text}'`,
        fieldToken.position);
    }
    let name;
    try {
      name = fieldProperty(fieldToken.text, this.known);
    } catch (e) {
      throw new FilterError(e.message, fieldToken.position);
    }
    const opToken = this.next();
    if (!opToken) {
      throw new FilterError(`expected a comparison after '${fieldToken.text}' at the end`, this.end());
    }
    if (opToken.type === 'word') {
      const word = opToken.text.toLowerCase();
      if (word === 'exists') {
        return {filter: {Name: name, Operator: 'Exists'}, position: fieldToken.position};
      }
      if (word === 'missing') {
        return {filter: {Name: name, Operator: 'NotExists'}, position: fieldToken.position};
      }
      if (word === 'contains') {
        return {filter: {Name: name, Operator: 'Contains', Value: this.value(opToken)}, position: fieldToken.position};
      }
      if (word === 'in') {
        this.expect('(', "'(' after in");
        const values = [this.value(opToken)];
        while (this.peek()?.type === ',') {
          this.next();
          values.push(this.value(opToken));
        }
        this.expect(')', "')' to close the list");
        return {filter: {Name: name, Operator: 'In', Value: values.join(',')}, position: fieldToken.position};
      }
    }
    if (opToken.type !== 'op') {
      throw new FilterError(`expected a comparison (= != < <= > >= ~ in exists missing) after '${fieldToken.text}'`
        + ` at column ${opToken.position + 1}, found '${opToken.text}'`, opToken.position);
    }
    return {
      filter: {Name: name, Operator: OPERATORS.get(opToken.text), Value: this.value(opToken)},
      position: fieldToken.position,
    };
  }

  value(after) {
    const token = this.next();
    const keyword = token?.type === 'word' && ['and', 'or'].includes(token.text.toLowerCase());
    if (!token || keyword || (token.type !== 'word' && token.type !== 'string')) {
      const where = token ? token.position : this.end();
      throw new FilterError(`expected a value after '${after.text}' ${token ? `at column ${where + 1}, found`
        + ` '${token.text}'${keyword ? ' (quote it to mean the word)' : ''}` : 'at the end'}`, where);
    }
    if (token.type === 'string' && token.text === '') {
      throw new FilterError(`an empty value at column ${token.position + 1} matches nothing`, token.position);
    }
    return token.text;
  }
}

/** A parsed tree to Search's SearchExpression: filters at each level, sub-expressions for the nested ones. */
function toSearch(node, position) {
  if (node.filter) {
    return {Filters: [node.filter]};
  }
  const filters = [];
  const subs = [];
  for (const part of node.parts) {
    if (part.filter) {
      filters.push(part.filter);
    } else if (part.op === node.op) {
      const inner = toSearch(part);
      filters.push(...(inner.Filters ?? []));
      subs.push(...(inner.SubExpressions ?? []));
    } else {
      subs.push(toSearch(part));
    }
  }
  if (filters.length > MAX_PARTS || subs.length > MAX_PARTS) {
    throw new FilterError(`at most ${MAX_PARTS} comparisons can be combined by one '${node.op.toLowerCase()}'`,
      position);
  }
  const expression = {Operator: node.op};
  if (filters.length) {
    expression.Filters = filters;
  }
  if (subs.length) {
    expression.SubExpressions = subs;
  }
  return expression;
}

/**
 * The SearchExpression of a filter text, or null for an empty text.
 *
 * @param {string} text
 * @param {{parameters?: string[], metrics?: string[]}} known the names the runs have (to tell a metric's statistic
 *   from a parameter that has a dot)
 * @throws {FilterError} with the position of the mistake
 */
export function parseFilter(text, known = {}) {
  if (!text || !text.trim()) {
    return null;
  }
  const parser = new Parser(text, known);
  const tree = parser.or();
  const rest = parser.peek();
  if (rest) {
    throw new FilterError(`expected 'and', 'or' or the end at column ${rest.position + 1}, found '${rest.text}'`,
      rest.position);
  }
  return toSearch(tree, 0);
}
