import type {
  ScoringProfile,
  SearchField,
  SearchIndex,
  SearchIndexClient,
  SemanticConfiguration,
  SimpleField,
} from '@azure/search-documents';
import type { AzureSearchSettings } from '../../config/azure-search-env';
import { AzureSearchError, withAzureSearchTimeout } from './azure-search-error';

/** Scoring profile that weighs a match in the title or section headings above one in the body, like the embedded retriever. */
export const PASSAGE_SCORING_PROFILE = 'passage-fields';

const ENGLISH = 'en.lucene';

/** The fields of the passage index (see PassageSearchDocument); text fields use the English Lucene analyzer. */
export const PASSAGE_FIELDS: SimpleField[] = [
  { name: 'id', type: 'Edm.String', key: true, filterable: true, sortable: true },
  { name: 'passageId', type: 'Edm.Int64', filterable: true },
  { name: 'source', type: 'Edm.String', filterable: true, facetable: true },
  { name: 'title', type: 'Edm.String', searchable: true, analyzerName: ENGLISH },
  { name: 'section', type: 'Edm.String', searchable: true, analyzerName: ENGLISH },
  { name: 'content', type: 'Edm.String', searchable: true, analyzerName: ENGLISH },
  { name: 'kind', type: 'Edm.String', filterable: true, facetable: true },
  { name: 'audience', type: 'Edm.String', filterable: true, facetable: true },
  { name: 'everyone', type: 'Edm.Boolean', filterable: true },
  { name: 'anchor', type: 'Edm.String' },
  { name: 'page', type: 'Edm.Int32', filterable: true },
  { name: 'pageEnd', type: 'Edm.Int32' },
  { name: 'ordinal', type: 'Edm.Int32', filterable: true, sortable: true },
  { name: 'start', type: 'Edm.Int32' },
  { name: 'end', type: 'Edm.Int32' },
  { name: 'contentHash', type: 'Edm.String' },
];

const scoringProfile = (): ScoringProfile => ({
  name: PASSAGE_SCORING_PROFILE,
  textWeights: { weights: { title: 2, section: 1.5, content: 1 } },
});

const semanticConfiguration = (name: string): SemanticConfiguration => ({
  name,
  prioritizedFields: {
    titleField: { name: 'title' },
    contentFields: [{ name: 'content' }],
    keywordsFields: [{ name: 'section' }],
  },
});

/** The full definition of a new passage index, with the semantic configuration when one is configured. */
export function buildPassageIndex(
  settings: Pick<AzureSearchSettings, 'indexName' | 'semanticConfiguration'>,
): SearchIndex {
  return {
    name: settings.indexName,
    fields: PASSAGE_FIELDS.map((f) => ({ ...f })),
    scoringProfiles: [scoringProfile()],
    defaultScoringProfile: PASSAGE_SCORING_PROFILE,
    ...(settings.semanticConfiguration
      ? { semanticSearch: { configurations: [semanticConfiguration(settings.semanticConfiguration)] } }
      : {}),
  };
}

/** The attributes a field must have for sync and search to work; other attributes may differ. */
function incompatibility(existing: SearchField, wanted: SimpleField): string | undefined {
  if (existing.type !== wanted.type) return `has type ${existing.type} instead of ${wanted.type}`;
  const e = existing as SimpleField;
  if (Boolean(e.key) !== Boolean(wanted.key)) return wanted.key ? 'is not the key' : 'is the key';
  if (e.hidden) return 'is not retrievable';
  for (const attr of ['searchable', 'filterable', 'sortable'] as const) {
    if (wanted[attr] && !e[attr]) return `is not ${attr}`;
  }
  return undefined;
}

/**
 * An existing index with whatever the passage index needs added: missing fields, our scoring profile,
 * the configured semantic configuration. Settings someone added by hand are kept. Throws when a field
 * exists with attributes that cannot be changed in place.
 */
export function mergePassageIndex(
  existing: SearchIndex,
  settings: Pick<AzureSearchSettings, 'indexName' | 'semanticConfiguration'>,
): { index: SearchIndex; changed: boolean } {
  const index: SearchIndex = { ...existing, fields: [...existing.fields] };
  let changed = false;
  for (const wanted of PASSAGE_FIELDS) {
    const field = existing.fields.find((f) => f.name === wanted.name);
    if (!field) {
      index.fields.push({ ...wanted });
      changed = true;
      continue;
    }
    const problem = incompatibility(field, wanted);
    if (problem) {
      throw new AzureSearchError(
        'rejected',
        `The Azure AI Search index "${settings.indexName}" cannot hold passages: its field "${wanted.name}" ${problem}. Delete the index or set AZURE_SEARCH_INDEX to a new name.`,
      );
    }
  }
  if (!(existing.scoringProfiles ?? []).some((p) => p.name === PASSAGE_SCORING_PROFILE)) {
    index.scoringProfiles = [...(existing.scoringProfiles ?? []), scoringProfile()];
    index.defaultScoringProfile = existing.defaultScoringProfile ?? PASSAGE_SCORING_PROFILE;
    changed = true;
  }
  const semantic = settings.semanticConfiguration;
  if (semantic && !(existing.semanticSearch?.configurations ?? []).some((c) => c.name === semantic)) {
    index.semanticSearch = {
      ...existing.semanticSearch,
      configurations: [...(existing.semanticSearch?.configurations ?? []), semanticConfiguration(semantic)],
    };
    changed = true;
  }
  return { index, changed };
}

export type IndexState = 'created' | 'updated' | 'unchanged';

/** Creates the passage index, or adds what an existing one lacks; returns what it did. Throws AzureSearchError. */
export async function ensurePassageIndex(
  client: SearchIndexClient,
  settings: Pick<AzureSearchSettings, 'indexName' | 'semanticConfiguration'>,
  options: { timeoutMs: number },
): Promise<IndexState> {
  return withAzureSearchTimeout('The index definition request', options.timeoutMs, async (abortSignal) => {
    const existing = await client.getIndex(settings.indexName, { abortSignal }).catch((err: unknown) => {
      if ((err as { statusCode?: number })?.statusCode === 404) return undefined;
      throw err;
    });
    if (!existing) {
      await client.createOrUpdateIndex(buildPassageIndex(settings), { abortSignal });
      return 'created';
    }
    const { index, changed } = mergePassageIndex(existing, settings);
    if (!changed) return 'unchanged';
    await client.createOrUpdateIndex(index, { abortSignal });
    return 'updated';
  });
}
