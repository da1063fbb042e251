// A JSON text editor: CodeMirror 6, with problems shown as underlines and gutter markers at their place.
// CodeMirror (style-mod) writes its styles into a <style> element when mounted in a document, which the console's CSP
// (style-src 'self') refuses; in a shadow root it uses adoptedStyleSheets (CSSOM), which the CSP allows. So this
// component, unlike the others, renders into its own (open) shadow root; the console's colours reach it through CSS
// custom properties, which inherit into shadow trees.
import { LitElement } from 'lit';
import { Compartment, EditorState } from '@codemirror/state';
import {
  EditorView, drawSelection, highlightActiveLine, highlightActiveLineGutter, highlightSpecialChars, keymap, lineNumbers,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching, foldGutter, foldKeymap, HighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { json } from '@codemirror/lang-json';
import { lintGutter, lintKeymap, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { tags } from '@lezer/highlight';

export type { Diagnostic };

// Colours come from the console's style sheet (custom properties of each theme), so one highlight style serves both.
const highlight = HighlightStyle.define([
  { tag: tags.propertyName, color: 'var(--syn-property)' },
  { tag: tags.string, color: 'var(--syn-string)' },
  { tag: tags.number, color: 'var(--syn-number)' },
  { tag: [tags.bool, tags.null], color: 'var(--syn-keyword)' },
  { tag: [tags.separator, tags.squareBracket, tags.brace], color: 'var(--muted)' },
]);

const chrome = (dark: boolean) => EditorView.theme({
  '&': {
    backgroundColor: 'var(--surface)', color: 'var(--text)', border: '1px solid var(--border)', borderRadius: '6px',
    minHeight: 'var(--editor-min-height, 22rem)', maxHeight: 'var(--editor-max-height, 70vh)', fontSize: '0.9rem',
  },
  '.cm-scroller': { overflow: 'auto' },
  '&.cm-focused': { outline: '3px solid var(--focus)', outlineOffset: '2px' },
  '.cm-content': { caretColor: 'var(--text)', fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--text)' },
  '.cm-gutters': { backgroundColor: 'var(--surface-2)', color: 'var(--muted)', border: 'none', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'var(--editor-active-line)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--editor-active-line)', color: 'var(--text)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--editor-selection)' },
  '.cm-matchingBracket': { backgroundColor: 'var(--editor-selection)', outline: '1px solid var(--muted)' },
  '.cm-tooltip': { backgroundColor: 'var(--surface)', color: 'var(--text)', border: '1px solid var(--border)' },
  '.cm-diagnostic-error': { borderLeftColor: 'var(--danger)' },
  '.cm-lintRange-error': { backgroundImage: 'none', textDecoration: 'underline wavy var(--danger)', textUnderlineOffset: '3px' },
}, { dark });

const isDark = () => document.documentElement.dataset.theme === 'dark';

/**
 * The editor. `value` is read when it is first shown and whenever `load()` is called; every edit dispatches
 * `text-changed` with the whole text. `problems` are drawn where they are (their `from`/`to` offsets).
 */
export class JsonEditor extends LitElement {
  static override properties = { label: {} };
  declare label: string;
  value = '';
  private view: EditorView | undefined;
  private readonly theme = new Compartment();
  private observer: MutationObserver | undefined;
  private pending: Diagnostic[] = [];

  constructor() {
    super();
    this.label = 'JSON';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The console switches theme by setting data-theme on <html>: follow it.
    this.observer = new MutationObserver(() => this.view?.dispatch({ effects: this.theme.reconfigure(chrome(isDark())) }));
    this.observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.observer?.disconnect();
    this.view?.destroy();
    this.view = undefined;
  }

  protected override firstUpdated(): void {
    this.view = new EditorView({ parent: this.renderRoot, root: this.renderRoot as ShadowRoot, state: this.createState(this.value) });
    this.problems = this.pending;
  }

  private createState(doc: string): EditorState {
    return EditorState.create({
      doc,
      extensions: [
        lineNumbers(), foldGutter(), lintGutter(), highlightActiveLineGutter(), highlightSpecialChars(), history(), drawSelection(),
        indentOnInput(), bracketMatching(), highlightActiveLine(), json(), syntaxHighlighting(highlight),
        EditorState.tabSize.of(2),
        // Tab moves focus out of the editor (keyboard users are not trapped); Ctrl-] / Ctrl-[ indent.
        keymap.of([...defaultKeymap, ...historyKeymap, ...foldKeymap, ...lintKeymap]),
        EditorView.contentAttributes.of({ 'aria-label': this.label, 'aria-multiline': 'true' }),
        EditorView.lineWrapping,
        this.theme.of(chrome(isDark())),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) this.dispatchEvent(new CustomEvent('text-changed', { detail: u.state.doc.toString(), bubbles: true }));
        }),
      ],
    });
  }

  /** Replaces the whole text (undo history starts afresh). */
  load(text: string): void {
    this.value = text;
    this.view?.setState(this.createState(text));
  }

  get text(): string {
    return this.view?.state.doc.toString() ?? this.value;
  }

  /** Draws these problems (replacing the ones drawn before). */
  set problems(diagnostics: Diagnostic[]) {
    this.pending = diagnostics;
    if (!this.view) return;
    const length = this.view.state.doc.length;
    const clamped = diagnostics.map((d) => ({ ...d, from: Math.min(d.from, length), to: Math.min(Math.max(d.to, d.from), length) }));
    this.view.dispatch(setDiagnostics(this.view.state, clamped));
  }

  /** The 1-based line of an offset. */
  lineAt(offset: number): number {
    return this.view ? this.view.state.doc.lineAt(Math.min(offset, this.view.state.doc.length)).number : 1;
  }

  /** The offset of a 1-based line and column. */
  offsetOf(line: number, column: number): number {
    if (!this.view) return 0;
    const doc = this.view.state.doc;
    const l = doc.line(Math.max(1, Math.min(line, doc.lines)));
    return Math.min(l.from + Math.max(0, column - 1), l.to);
  }

  /** Puts the cursor at `offset`, scrolls it into view and focuses the editor. */
  focusAt(offset: number): void {
    if (!this.view) return;
    const at = Math.min(offset, this.view.state.doc.length);
    this.view.dispatch({ selection: { anchor: at }, effects: EditorView.scrollIntoView(at, { y: 'center' }) });
    this.view.focus();
  }
}
customElements.define('json-editor', JsonEditor);
