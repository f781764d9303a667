/**
 * spawnNode options for this repository's suites: a child node resolves `rain-sockets`
 * through the workspace to its TypeScript sources (the `rain-source` export condition), as
 * Vitest does here; a user's child node gets the built package without it.
 */
export const FROM_SOURCE = { execArgv: ['--conditions=rain-source'] };
