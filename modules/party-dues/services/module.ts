export const MODULE = 'party-dues';
