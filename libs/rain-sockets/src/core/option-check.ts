/**
 * One start-up check of an option: its dotted path, a predicate, and what was expected.
 * Its own file so that each concern's checks and the validator that runs them do not
 * import each other.
 */
export type OptionCheck = [option: string, valid: (value: any) => boolean, expected: string];
