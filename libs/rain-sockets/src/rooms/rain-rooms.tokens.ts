/** The options with their defaults filled in and checked. */
export const RAIN_ROOMS_RESOLVED_OPTIONS = Symbol('rain-rooms:resolved-options');
