// Parses and checks a seed's file name: `NNN_<id>.txt` or `NNN_<id>.md`.

/** The parts of a valid seed file name. */
export interface SeedName {
  readonly number: number;
  readonly id: string;
  /** `txt`: a headline line and paragraph lines; `md`: Markdown. */
  readonly format: "txt" | "md";
}

const SEED_NAME = /^(\d{3,9})_([a-z0-9][a-z0-9-]{0,63})\.(txt|md)$/;

/** Parses `name`, returning the parts or a message saying what is wrong. */
export function parseSeedFileName(name: string): SeedName | { error: string } {
  const match = SEED_NAME.exec(name);
  if (match) return { number: Number(match[1]), id: match[2]!, format: match[3] as "txt" | "md" };
  const hint = /^\d{3,9}_[A-Za-z0-9-]+\.(?:txt|md)$/.test(name)
    ? " (ids are lowercase: letters a-z, digits and '-')"
    : "";
  return {
    error: `bad seed file name: expected NNN_<id>.txt or NNN_<id>.md (3+ digits, '_', an id of a-z, 0-9 and '-', up to 64 characters)${hint}`,
  };
}
