import { html, svg, nothing } from 'lit';
import { LightElement } from '../element';

export interface DagNode { id: string; type: string; dependsOn: string[]; status?: string }

interface Placed extends DagNode { layer: number; row: number; x: number; y: number }

const nodeWidth = 168;
const nodeHeight = 44;
const gapX = 56;
const gapY = 18;

/** Lays the steps out in layers (longest path from a root), ordered in each layer by their parents' rows. */
export function layout(nodes: DagNode[]): { placed: Placed[]; width: number; height: number } {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const layerOf = new Map<string, number>();
  const visiting = new Set<string>();
  const layer = (id: string): number => {
    const known = layerOf.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0; // a cycle cannot be registered; guard anyway
    visiting.add(id);
    const deps = (byId.get(id)?.dependsOn ?? []).filter((d) => byId.has(d));
    const value = deps.length === 0 ? 0 : Math.max(...deps.map(layer)) + 1;
    visiting.delete(id);
    layerOf.set(id, value);
    return value;
  };
  nodes.forEach((n) => layer(n.id));
  const layers: DagNode[][] = [];
  nodes.forEach((n) => (layers[layerOf.get(n.id)!] ??= []).push(n));
  const rowOf = new Map<string, number>();
  layers.forEach((members, i) => {
    if (i > 0) {
      const weight = (n: DagNode) => {
        const rows = n.dependsOn.map((d) => rowOf.get(d)).filter((r): r is number => r !== undefined);
        return rows.length ? rows.reduce((a, b) => a + b, 0) / rows.length : 0;
      };
      members.sort((a, b) => weight(a) - weight(b));
    }
    members.forEach((n, row) => rowOf.set(n.id, row));
  });
  const tallest = Math.max(1, ...layers.map((l) => l?.length ?? 0));
  const height = tallest * (nodeHeight + gapY) + gapY;
  const placed = nodes.map((n) => {
    const l = layerOf.get(n.id)!;
    const count = layers[l].length;
    const row = rowOf.get(n.id)!;
    const offset = ((tallest - count) * (nodeHeight + gapY)) / 2;
    return { ...n, layer: l, row, x: gapX / 2 + l * (nodeWidth + gapX), y: gapY + offset + row * (nodeHeight + gapY) };
  });
  return { placed, width: layers.length * (nodeWidth + gapX), height };
}

/** The workflow's steps as a graph, each node coloured by its status; Enter or a click selects a step. */
export class DagView extends LightElement {
  static override properties = { nodes: { attribute: false }, selected: {}, label: {} };
  declare nodes: DagNode[];
  declare selected: string | undefined;
  /** What the graph shows, for assistive technology. */
  declare label: string;

  constructor() {
    super();
    this.nodes = [];
    this.label = 'Workflow steps as a graph';
  }

  private select(id: string): void {
    this.dispatchEvent(new CustomEvent('step-selected', { detail: id, bubbles: true }));
  }

  private key(e: KeyboardEvent, id: string): void {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.select(id);
    }
  }

  protected override render() {
    if (this.nodes.length === 0) return html`<p class="muted">No steps.</p>`;
    const { placed, width, height } = layout(this.nodes);
    const at = new Map(placed.map((p) => [p.id, p]));
    const label = (s: string) => (s.length > 20 ? s.slice(0, 19) + '…' : s);
    return html`<div class="dag-scroll">
      <svg class="dag ${width <= 1400 ? 'fit' : ''}" width=${width} height=${height} viewBox="0 0 ${width} ${height}" role="group" aria-label=${this.label}>
        <defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" class="arrow"></path></marker></defs>
        ${placed.flatMap((n) => n.dependsOn.filter((d) => at.has(d)).map((d) => {
          const from = at.get(d)!;
          const x1 = from.x + nodeWidth, y1 = from.y + nodeHeight / 2, x2 = n.x, y2 = n.y + nodeHeight / 2;
          const mid = (x1 + x2) / 2;
          return svg`<path class="edge" d="M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2 - 2},${y2}" marker-end="url(#arrow)"></path>`;
        }))}
        ${placed.map((n) => svg`<g class="node st-${n.status ?? 'none'} ${this.selected === n.id ? 'selected' : ''}"
            transform="translate(${n.x},${n.y})" tabindex="0" role="button" data-step=${n.id}
            aria-label="${label(n.id)} ${n.type}${n.status ? " · " + n.status : ""}"
            @click=${() => this.select(n.id)} @keydown=${(e: KeyboardEvent) => this.key(e, n.id)}>
            <title>${n.id} · ${n.type}${n.status ? ' · ' + n.status : ''}</title>
            <rect width=${nodeWidth} height=${nodeHeight} rx="8"></rect>
            <text x="10" y="18" class="node-id">${label(n.id)}</text>
            <text x="10" y="34" class="node-meta">${n.type}${n.status ? ' · ' + n.status : ''}</text>
          </g>`)}
      </svg></div>${nothing}`;
  }
}
customElements.define('dag-view', DagView);
