/** English texts for smaller fixes that belong to no bigger area (the demo service's port). */
export const leftoversEn = {
  'demo.portTaken':
    'The demo service cannot start: its address {address}, which the demo account uses, is taken by another program. Stop that program and try again.',
} as const;
