/** The module's key: enablement rows, error messages. */
export const MODULE = 'member-development';
