import { type CardElement, text } from '../cards/card-kit';

/** "1 recipient", "1,240 recipients". */
export const plural = (n: number, one: string, many = `${one}s`): string =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** A choice of an Input.ChoiceSet. */
export const choice = (title: string, value: string) => ({ title, value });

/** The problems to fix, in an attention container (empty when there are none). */
export function errorBlock(errors: string[] | undefined): CardElement[] {
  if (!errors?.length) return [];
  return [
    {
      type: 'Container',
      style: 'attention',
      items: [
        text('Please fix the following:', { weight: 'Bolder' }),
        ...errors.map((e) => text(`• ${e}`, { spacing: 'None' })),
      ],
    },
  ];
}
