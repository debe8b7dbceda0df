/** The module's key: enablement rows, figures, error messages. */
export const MODULE = 'organisational-life';
