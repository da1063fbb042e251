// Prints requests, responses and counterexamples readably: long strings shortened, raw JSON and bytes marked.
import { RawJson } from './hostile.mjs';

const limit = 300;

/** A one-line rendering of any value, strings over 300 characters cut (their length kept). */
export function show(value) {
    return JSON.stringify(value, (key, v) => {
        if (v instanceof RawJson) {
            return `raw(${cut(v.text)})`;
        }
        if (v && v.type === 'Buffer' && Array.isArray(v.data)) {
            return `bytes(${cut(Buffer.from(v.data).toString('latin1'))})`;
        }
        return typeof v === 'string' ? cut(v) : v;
    });
}

function cut(text) {
    return text.length <= limit ? text : `${text.slice(0, limit)}…(${text.length} chars)`;
}
