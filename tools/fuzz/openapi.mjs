// The OpenAPI 3.1 document: its operations, their parameters and bodies, and Ajv validators for their responses.
import { readFile } from 'node:fs/promises';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const methods = ['get', 'put', 'post', 'patch', 'delete'];
const documentId = 'urn:automation:openapi';

/** Reads the document from a file path or an http(s) URL. */
export async function loadDocument(source) {
    const text = /^https?:\/\//.test(source) ? await (await fetch(source)).text() : await readFile(source, 'utf8');
    const document = JSON.parse(text);
    if (!String(document.openapi).startsWith('3.1')) {
        throw new Error(`${source} is OpenAPI ${document.openapi}; this fuzzer reads 3.1 documents`);
    }
    return document;
}

/** Every operation: method, path template, parameters, JSON body schema, responses and whether it needs a credential. */
export function operations(document) {
    const list = [];
    for (const [path, item] of Object.entries(document.paths)) {
        for (const method of methods.filter((m) => item[m])) {
            const operation = item[method];
            const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p) => resolve(document, p));
            const body = operation.requestBody && resolve(document, operation.requestBody);
            const security = operation.security ?? document.security ?? [];
            list.push({
                id: operation.operationId ?? `${method.toUpperCase()} ${path}`,
                method: method.toUpperCase(),
                path,
                parameters,
                bodySchema: body?.content?.['application/json']?.schema,
                bodyRequired: body?.required ?? false,
                responses: operation.responses,
                secured: security.length > 0 && !security.some((requirement) => Object.keys(requirement).length === 0),
            });
        }
    }
    return list;
}

/** Follows a local $ref ("#/components/..."), once per level. */
export function resolve(document, node) {
    let current = node;
    while (current && typeof current.$ref === 'string' && current.$ref.startsWith('#/')) {
        current = current.$ref.slice(2).split('/').reduce((at, part) => at?.[part.replaceAll('~1', '/').replaceAll('~0', '~')], document);
        if (current === undefined) {
            throw new Error(`unresolvable $ref ${node.$ref}`);
        }
    }
    return current;
}

/**
 * An Ajv (JSON Schema 2020-12, as OpenAPI 3.1 uses) holding the document's component schemas, and a compiler for
 * the schema of one response or header: compile(schema) => validate(value) with .errors.
 */
export function validators(document) {
    const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
    addFormats(ajv);
    ajv.addFormat('int32', { type: 'number', validate: (n) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
    ajv.addFormat('int64', { type: 'number', validate: (n) => Number.isInteger(n) });
    ajv.addFormat('float', { type: 'number', validate: () => true });
    ajv.addFormat('double', { type: 'number', validate: () => true });
    // OpenAPI's own keywords carry no constraint that a response body must meet (discriminator's mapping is
    // checked by the oneOf it accompanies).
    ajv.addVocabulary(['discriminator', 'example', 'xml', 'externalDocs']);
    ajv.addSchema({ $id: documentId, $defs: absoluteRefs(document.components?.schemas ?? {}) });
    const cache = new Map();
    return (schema) => {
        if (!cache.has(schema)) {
            cache.set(schema, ajv.compile(absoluteRefs(schema)));
        }
        return cache.get(schema);
    };
}

// "#/components/schemas/X" -> "urn:automation:openapi#/$defs/X", so a schema compiled on its own finds the components.
function absoluteRefs(node) {
    if (Array.isArray(node)) {
        return node.map(absoluteRefs);
    }
    if (node && typeof node === 'object') {
        return Object.fromEntries(Object.entries(node).map(([key, value]) =>
            [key, key === '$ref' && typeof value === 'string' ? value.replace('#/components/schemas/', `${documentId}#/$defs/`) : absoluteRefs(value)]));
    }
    return node;
}
