export interface ErrorInfo { type: string; message: string; retryable: boolean }
export interface WorkflowSummary {
  workflowId: string; definition: string; version: number; status: string; createdAt: string; updatedAt: string;
  completedAt: string | null; startedBy: string | null; tags: string[];
}
export interface WorkflowList { items: WorkflowSummary[]; nextCursor: string | null }
export interface AttemptFailure { attempt: number; startedAt: string; failedAt: string; error: ErrorInfo; output: unknown }
export interface Step {
  id: string; type: string; status: string; attempts: number; output: unknown; error: ErrorInfo | null;
  startedAt: string | null; completedAt: string | null; nextAttemptAt: string | null; failures: AttemptFailure[];
  waitingFor: { signal: string | null; approval: boolean; approvers: string[]; message: string | null; timeoutAt: string | null } | null;
  children: { total: number; started: number; completed: number; failed: number; running: string[]; idPrefix: string } | null;
  progress: { percent: number | null; details: unknown; agentId: string; updatedAt: string } | null;
}
export interface Workflow {
  workflowId: string; definition: string; version: number; status: string; input: unknown; output: unknown;
  error: ErrorInfo | null; steps: Step[]; createdAt: string; completedAt: string | null;
  pendingSignals: { name: string; payload: unknown; receivedAt: string }[]; startedBy: string | null; tags: string[];
  parent: { workflowId: string; stepId: string; index: number } | null; subflow: string | null;
}
export interface HistoryEvent { type: string; sequence: number; timestamp: string; stepId?: string; attempt?: number; [k: string]: unknown }
export interface History { workflowId: string; events: HistoryEvent[]; nextAfter: number | null }
export interface DefinitionSummary { name: string; latestVersion: number; description: string | null; updatedAt: string }
export interface Definition { name: string; version: number; description: string | null; createdAt: string; definition: DefinitionDocument }
export interface DefinitionStep { id: string; type: string; dependsOn?: string[]; [k: string]: unknown }
export interface DefinitionDocument { description?: string; input?: unknown; steps?: DefinitionStep[]; [k: string]: unknown }
export interface VersionInfo {
  version: number; description: string | null; createdAt: string; registeredBy: string | null;
  deprecation: { wholeDefinition: boolean; replacement: string | null; reason: string | null; deprecatedBy: string; deprecatedAt: string } | null;
}
export interface BatchOperation {
  operationId: string; action: string; status: string; matched: number; succeeded: number; skipped: number; failed: number;
  errors: { workflowId: string; problem: string }[]; problem: string | null;
}
