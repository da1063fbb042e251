// Finds where a JSON path ($.steps[2].with.url, $['odd key']) is in a JSON text, and the text's syntax errors,
// with jsonc-parser (a scanner that keeps offsets, unlike JSON.parse).
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';

export type Segment = string | number;

/** The segments of a JSON path as the API writes them, or null when it is not one. */
export function parsePath(path: string): Segment[] | null {
  if (!path.startsWith('$')) return null;
  const segments: Segment[] = [];
  let i = 1;
  while (i < path.length) {
    if (path[i] === '.') {
      const m = /^[^.[]+/.exec(path.slice(i + 1));
      if (!m) return null;
      segments.push(m[0]);
      i += 1 + m[0].length;
    } else if (path[i] === '[') {
      const rest = path.slice(i);
      const index = /^\[(\d+)\]/.exec(rest);
      if (index) {
        segments.push(Number(index[1]));
        i += index[0].length;
        continue;
      }
      const quoted = /^\[(['"])((?:\\.|(?!\1).)*)\1\]/.exec(rest);
      if (!quoted) return null;
      segments.push(quoted[2].replace(/\\(.)/g, '$1'));
      i += quoted[0].length;
    } else {
      return null;
    }
  }
  return segments;
}

export interface TextRange { from: number; to: number; exact: boolean }

/**
 * The text range a path's error belongs on: the value itself (for an object or array, its property name or opening
 * bracket, so one line is underlined rather than the whole block); for a path that is not in the text (a missing
 * property), the nearest enclosing value that is, marked not exact.
 */
export function locate(root: Node | undefined, path: string): TextRange {
  if (!root) return { from: 0, to: 1, exact: false };
  const segments = parsePath(path) ?? [];
  for (let n = segments.length; n >= 0; n--) {
    const node = n === 0 ? root : findNodeAtLocation(root, segments.slice(0, n));
    if (!node) continue;
    const exact = n === segments.length;
    if (node.type === 'object' || node.type === 'array') {
      const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
      return key ? { from: key.offset, to: key.offset + key.length, exact } : { from: node.offset, to: node.offset + 1, exact };
    }
    return { from: node.offset, to: node.offset + node.length, exact };
  }
  return { from: 0, to: 1, exact: false };
}

/** Where the step with this id is written in `$.steps` (its opening brace), or undefined. */
export function findStep(root: Node | undefined, id: string): number | undefined {
  const steps = root ? findNodeAtLocation(root, ['steps']) : undefined;
  const step = steps?.children?.find((s) => s.type === 'object' && findNodeAtLocation(s, ['id'])?.value === id);
  return step?.offset;
}

export interface SyntaxProblem { from: number; to: number; message: string }

/** Parses strict JSON (no comments, no trailing commas): the tree, or the syntax errors with their offsets. */
export function parseJson(text: string): { root: Node | undefined; errors: SyntaxProblem[] } {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  return {
    root,
    errors: errors.map((e) => ({ from: e.offset, to: e.offset + Math.max(1, e.length), message: describe(printParseErrorCode(e.error)) })),
  };
}

function describe(code: string): string {
  const words: Record<string, string> = {
    InvalidSymbol: 'Unexpected character.',
    InvalidNumberFormat: 'Invalid number.',
    PropertyNameExpected: 'A property name (in double quotes) is expected.',
    ValueExpected: 'A value is expected.',
    ColonExpected: 'A colon is expected.',
    CommaExpected: 'A comma is expected.',
    CloseBraceExpected: 'A closing brace } is expected.',
    CloseBracketExpected: 'A closing bracket ] is expected.',
    EndOfFileExpected: 'Nothing may follow the document.',
    InvalidCommentToken: 'Comments are not allowed in JSON.',
    UnexpectedEndOfComment: 'Comments are not allowed in JSON.',
    UnexpectedEndOfString: 'The string is not closed.',
    UnexpectedEndOfNumber: 'The number is not complete.',
    InvalidUnicode: 'Invalid \\u escape.',
    InvalidEscapeCharacter: 'Invalid escape character.',
    InvalidCharacter: 'Invalid character in a string (control characters must be escaped).',
  };
  return `Malformed JSON: ${words[code] ?? code}`;
}
