import { IntakeService } from '../intake/intake-service';
import type { ReviewHandoff } from '../intake/review-handoff';
import type { UseCaseRepository } from '../intake/use-case-repository';
import { registerIntakeRoutes } from '../teams/routes/intake-routes';
import type { ModuleParts, Platform } from './platform';

/** Intake: the use-case wizard and submissions, handing each submission to review through the ReviewHandoff port. */
export function createIntakeModule(p: Platform, options: { handoff: ReviewHandoff; useCases: UseCaseRepository }) {
  const intake = new IntakeService({
    db: p.db,
    riskTiers: p.org.riskTiers,
    audit: p.audit,
    handoff: options.handoff,
    useCases: options.useCases,
    isAdmin: (id) => p.directory.isAdmin(id),
    logger: p.logger,
    submissionsPerDay: p.org.rateLimits.submissionsPerDay,
    approvedModels: p.org.intake.approvedModels,
  });
  const parts: ModuleParts = { routes: (app, deps) => registerIntakeRoutes(app, deps, intake) };
  return { intake, ...parts };
}
