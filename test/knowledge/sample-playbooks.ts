/** A small CoE knowledge base for answer tests, written for these tests. */
export const SAMPLE_PLAYBOOKS: Record<string, string> = {
  'pilot-funding.md': `---
title: Pilot funding
owner: CoE Lead
tags: [funding, pilots]
---

# Pilot funding

## Budget limits

A pilot may spend at most USD 25,000 without executive approval. Costs are reviewed monthly by the CoE.
Pilots that need more money ask the executive sponsor and the finance business partner.

## Duration

A pilot runs for at most 3 months. An extension of one more month can be granted by the CoE lead.
`,
  'incident-response.md': `---
title: Incident response for AI solutions
owner: AI Platform Lead
---

# Incident response for AI solutions

## Severity levels

A severity 1 incident is a harmful or unlawful output that reached customers. Severity 1 incidents are reported to the CoE within 1 hour.
A severity 3 incident is a quality problem with no harm, fixed in the next release.

## Postmortems

Every severity 1 and severity 2 incident gets a blameless postmortem within 5 business days.
`,
  'approved-models.md': `---
title: Approved models
owner: AI Architect
---

# Approved models

## Default model

GPT-4.1 is the default model for drafting, summarising and question answering. Teams start with it unless they have a reason not to.

## Requesting a new model

To use a model that is not on the list, submit a model request through the CoE. The architecture board decides within 10 business days.
`,
  'compensation-ai.md': `---
title: AI in compensation reviews
owner: HR Director
audience: hr-partners
---

# AI in compensation reviews

## Rules

Salary recommendations produced by AI are always reviewed by two HR partners before any decision.
`,
};
