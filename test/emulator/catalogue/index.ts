/** The source-type catalogue in use: built in, or a GET /v4/source-types response loaded from a file. */
import fs from 'node:fs';
import { builtInSourceTypes } from './source-types';
import type { ReportCard } from './types';

export class SourceTypeCatalogue {
  /** The exact JSON text served by GET /v4/source-types, so a loaded file comes back byte-for-byte in meaning. */
  readonly listText: string;
  private readonly byType: Map<string, ReportCard>;

  constructor(readonly cards: ReportCard[]) {
    this.listText = JSON.stringify(cards);
    this.byType = new Map(cards.map((c) => [c.type, c]));
  }

  static builtIn(): SourceTypeCatalogue {
    return new SourceTypeCatalogue(builtInSourceTypes());
  }

  static fromFile(file: string): SourceTypeCatalogue {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (!Array.isArray(parsed) || parsed.some((c) => typeof c !== 'object' || c === null || typeof (c as ReportCard).type !== 'string')) {
      throw new Error(`${file} is not a GET /v4/source-types response (an array of report cards)`);
    }
    return new SourceTypeCatalogue(parsed as ReportCard[]);
  }

  get(type: string): ReportCard | undefined {
    return this.byType.get(type);
  }
}
