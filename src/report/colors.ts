import type { createColors } from 'picocolors';

/** The colours the text report uses. */
export type Palette = Pick<ReturnType<typeof createColors>, 'bold' | 'dim' | 'green' | 'red' | 'underline' | 'yellow'>;

const asIs = (text: string | number | null | undefined) => String(text);

/** No escape codes: what pipes, files, NO_COLOR and CI get. */
export const PLAIN: Palette = { bold: asIs, dim: asIs, green: asIs, red: asIs, underline: asIs, yellow: asIs };

/**
 * picocolors only when colouring: its import reads process.stdout.isTTY,
 * which builds that stream (for a pipe, a socket: about 6 ms of a hook).
 */
export async function palette(color: boolean): Promise<Palette> {
  return color ? (await import('picocolors')).createColors(true) : PLAIN;
}
