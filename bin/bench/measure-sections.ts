import type { BenchEnvironment } from './bench-environment';
import type { Section } from './bench-options';
import type { BenchReport, BenchSizes } from './bench-report';
import { measureCapacity } from './capacity';
import { measureColdStarts } from './cold-start';
import { costPerMillion, entraMixes } from './cost';
import { measureGroupScale } from './group-scale';
import { measureHandlerCost } from './handler-cost';
import { measureOperationClasses } from './measure-operation-classes';
import { operationFloorServer } from './operation-floor-server';
import type { Progress } from './progress';

export type SectionResults = Pick<
  BenchReport,
  'capacity' | 'groups' | 'handlers' | 'operationClasses' | 'coldStarts' | 'cost'
>;

/** Group sizes of the member PATCH classes: 100, 1,000 and 10,000, those up to the run's handler users. */
export function classGroupSizes(handlerUsers: number): number[] {
  return [100, 1_000, 10_000].filter((size) => size <= Math.max(1_000, handlerUsers));
}

/** Measures the chosen sections, in order; cost needs the capacity rows (and the handlers' latencies). */
export async function measureSections(
  environment: BenchEnvironment,
  sections: ReadonlySet<Section>,
  sizes: BenchSizes,
  progress: Progress,
): Promise<SectionResults> {
  const capacity =
    sections.has('capacity') || sections.has('cost')
      ? await measureCapacity(environment, [sizes.smallTenant, sizes.largeTenant], progress)
      : undefined;
  const groups = sections.has('groups')
    ? await measureGroupScale(environment, sizes.members, sizes.userGroups, progress)
    : undefined;
  const handlers = sections.has('handlers')
    ? await measureHandlerCost(
        {
          users: sizes.handlerUsers,
          groups: Math.max(1, Math.ceil(sizes.handlerUsers / 1000)),
          batch: 100,
          concurrency: 4,
        },
        progress,
      )
    : undefined;
  const operationClasses = sections.has('handlers')
    ? await measureOperationClasses(
        {
          rounds: 3,
          requestsPerClass: sizes.handlerUsers >= 10_000 ? 200 : 60,
          groupSizes: classGroupSizes(sizes.handlerUsers),
        },
        progress,
        operationFloorServer,
      )
    : undefined;
  const coldStarts = sections.has('coldstart')
    ? await measureColdStarts(environment, sizes.runs, progress)
    : undefined;
  const cost =
    sections.has('cost') && capacity !== undefined
      ? entraMixes(capacity.rows[String(sizes.largeTenant)] ?? [], handlers, coldStarts).map(costPerMillion)
      : undefined;
  return {
    ...(capacity === undefined ? {} : { capacity }),
    ...(groups === undefined ? {} : { groups }),
    ...(handlers === undefined ? {} : { handlers }),
    ...(operationClasses === undefined ? {} : { operationClasses }),
    ...(coldStarts === undefined ? {} : { coldStarts }),
    ...(cost === undefined ? {} : { cost }),
  };
}
