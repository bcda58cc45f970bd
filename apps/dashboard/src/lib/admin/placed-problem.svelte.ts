import { toProblem, type Problem } from '$lib/call/problems';

/**
 * The last request's problem in an admin panel and where it belongs — a row's id, `'new'` for the add form, or null
 * for the panel as a whole — so that it is shown beside the form that failed (see ProblemAt.svelte).
 */
export class PlacedProblem {
  problem = $state<Problem | null>(null);
  at = $state<string | null>(null);

  /** Records the outcome of a request made from `at`; true when it went through. */
  report(error: Parameters<typeof toProblem>[0], at: string | null): boolean {
    this.problem = toProblem(error);
    this.at = this.problem ? at : null;
    return !this.problem;
  }

  /** The problem when it belongs at `at`, else null. */
  of(at: string | null): Problem | null {
    return this.problem && this.at === at ? this.problem : null;
  }
}
