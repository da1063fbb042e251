// JSON Schema (the OpenAPI document's subset) -> fast-check arbitraries: valid values, and values mixed with hostile
// ones at every leaf. Hints (known good values by property or parameter name, e.g. an existing definition) let
// requests reach past the validation into the handlers.
import fc from 'fast-check';
import { resolve } from './openapi.mjs';
import { hostileString, hugeNumbers, wrongType } from './hostile.mjs';

const maxDepth = 4;

/**
 * @param {object} document the OpenAPI document (for $ref)
 * @param {Record<string, string[]>} hints known good values by property or parameter name
 */
export function schemaArbitraries(document, hints) {
    /** A value the schema accepts (as far as a schema can tell: semantic rules are the server's). */
    function valid(schema, name, depth = 0) {
        return build(schema, name, depth, false);
    }

    /** A value that is valid, or hostile at any leaf: attacks in strings, wrong types, huge numbers, unknown keys. */
    function mixed(schema, name, depth = 0) {
        return build(schema, name, depth, true);
    }

    function build(schemaOrRef, name, depth, hostile) {
        const schema = resolve(document, schemaOrRef ?? {});
        let arbitrary = leaf(schema, name, depth, hostile);
        const hinted = hints[name]?.filter((value) => typesOf(schema).includes(Number.isInteger(value) ? 'integer' : typeof value));
        if (hinted?.length) {
            arbitrary = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...hinted) }, { weight: 1, arbitrary });
        }
        if (!hostile) {
            return arbitrary;
        }
        return fc.oneof(
            { weight: 5, arbitrary },
            { weight: 3, arbitrary: hostileFor(schema, name) },
            { weight: 1, arbitrary: wrongType },
        );
    }

    function leaf(schema, name, depth, hostile) {
        if ('const' in schema) {
            return fc.constant(schema.const);
        }
        if (schema.enum) {
            return fc.constantFrom(...schema.enum);
        }
        const choices = schema.oneOf ?? schema.anyOf;
        if (choices) {
            return fc.oneof(...choices.map((choice) => build(choice, name, depth, hostile)));
        }
        const types = typesOf(schema);
        if (types.length === 0 || depth >= maxDepth) {
            return fc.jsonValue({ maxDepth: 2 });
        }
        return fc.oneof(...types.map((type) => ofType(type, schema, name, depth, hostile)));
    }

    function ofType(type, schema, name, depth, hostile) {
        switch (type) {
            case 'string':
                return string(schema);
            case 'integer':
                return fc.integer({ min: schema.minimum ?? -(2 ** 31), max: schema.maximum ?? 2 ** 31 - 1 });
            case 'number':
                return fc.double({ noNaN: true, noDefaultInfinity: true });
            case 'boolean':
                return fc.boolean();
            case 'null':
                return fc.constant(null);
            case 'array':
                return fc.array(build(schema.items ?? {}, name, depth + 1, hostile), { maxLength: 4 });
            case 'object':
                return object(schema, depth, hostile);
            default:
                return fc.jsonValue({ maxDepth: 2 });
        }
    }

    function string(schema) {
        if (schema.pattern) {
            const limit = schema.maxLength ?? Infinity;
            return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= limit && s.length >= (schema.minLength ?? 0));
        }
        if (schema.format === 'date-time') {
            return fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
                .map((d) => d.toISOString());
        }
        return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 30, 30) });
    }

    function object(schema, depth, hostile) {
        const properties = schema.properties ?? {};
        const required = schema.required ?? [];
        const record = fc.record(
            Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, build(value, key, depth + 1, hostile)])),
            { requiredKeys: hostile ? [] : required.filter((key) => key in properties) },
        );
        if (!hostile) {
            return record;
        }
        // Unknown properties, sometimes: a strict body must reject them, a lenient one ignore them.
        return fc.tuple(record, fc.option(fc.dictionary(fc.constantFrom('unknown', 'Username', '$type', '__proto__', 'extra'), wrongType, { maxKeys: 2 }), { freq: 4 }))
            .map(([value, extra]) => ({ ...value, ...(extra ?? {}) }));
    }

    function hostileFor(schema, name) {
        const types = typesOf(schema);
        const strings = hints[name]?.filter((value) => typeof value === 'string') ?? [];
        const validString = types.includes('string') && strings.length ? fc.constantFrom(...strings) : fc.constant('a');
        const candidates = [hostileString(validString)];
        if (types.includes('integer') || types.includes('number')) {
            const edges = [schema.minimum, schema.maximum].filter((n) => n !== undefined).flatMap((n) => [n - 1, n + 1]);
            candidates.push(fc.constantFrom(...hugeNumbers, 0, -1, ...edges));
        }
        return fc.oneof(...candidates);
    }

    return { valid, mixed };
}

function typesOf(schema) {
    if (Array.isArray(schema.type)) {
        return schema.type;
    }
    if (schema.type) {
        return [schema.type];
    }
    return schema.properties ? ['object'] : [];
}
