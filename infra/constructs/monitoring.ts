import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  type Metric,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, MetricFilter, type ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { pinLogicalId } from './unit-role.ts';

/** lib/renewal/renewal-metrics.ts: the namespace the renew function's embedded metrics go to. */
export const METRIC_NAMESPACE = 'pca-mtls';
/** Alarm periods: renewal runs hourly at least, so five minutes shows a failure while it matters. */
const PERIOD = Duration.minutes(5);

/**
 * The renew function logs embedded metrics with per-event dimensions
 * (Trigger, Identity, Reason). Alarms need one series: a metric filter on
 * its log group turns each value into a dimensionless total.
 */
const RENEWAL_TOTALS = [
  { field: 'RenewalFailures', metric: 'RenewalFailuresTotal', what: 'renewal failures (retryable or not)' },
  { field: 'RenewalActionRequired', metric: 'RenewalActionRequiredTotal', what: 'ACM cannot renew a certificate' },
  { field: 'CertificateExpired', metric: 'CertificateExpiredTotal', what: 'a bound certificate expired' },
] as const;

export interface MonitoringProps {
  readonly exportFunction: LambdaFunction;
  readonly renewFunction: LambdaFunction;
  readonly renewLogGroup: ILogGroup;
  readonly queue: Queue;
  readonly dlqs: Queue[];
  readonly alarmTopic?: ITopic;
}

/** Alarms (to the optional topic) and one dashboard. */
export class Monitoring extends Construct {
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const totals = RENEWAL_TOTALS.map(({ field, metric, what }) => {
      const filter = new MetricFilter(this, `${field}Filter`, {
        logGroup: props.renewLogGroup,
        // The fields are numbers: a numeric comparison matches every line that carries one.
        filterPattern: FilterPattern.numberValue(`$.${field}`, '>=', 0),
        metricNamespace: METRIC_NAMESPACE,
        metricName: metric,
        metricValue: `$.${field}`,
        defaultValue: 0,
      });
      const total = filter.metric({ statistic: 'Sum', period: PERIOD });
      this.alarm(`${field}Alarm`, total, `pca-mtls: ${what}; read the renew function's log (${field})`);
      return total;
    });
    const functions = [props.exportFunction, props.renewFunction];
    for (const fn of functions) {
      const name = fn === props.exportFunction ? 'Export' : 'Renew';
      this.alarm(`${name}ErrorsAlarm`, fn.metricErrors({ period: PERIOD }), `pca-mtls: ${name} function errors`);
      this.alarm(
        `${name}ThrottlesAlarm`,
        fn.metricThrottles({ period: PERIOD }),
        `pca-mtls: ${name} function throttled`,
      );
    }
    for (const dlq of props.dlqs) {
      const depth = dlq.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' });
      const name = `${dlq.node.id}DepthAlarm`;
      this.alarm(name, depth, `pca-mtls: messages in ${dlq.node.path}: failed renewals or invocations to inspect`);
    }
    if (props.alarmTopic) for (const alarm of this.alarms) alarm.addAlarmAction(new SnsAction(props.alarmTopic));
    this.dashboard(props, totals);
  }

  private alarm(id: string, metric: IMetric, description: string): void {
    const alarm = new Alarm(this, id, {
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    pinLogicalId(alarm, id);
    this.alarms.push(alarm);
  }

  private dashboard(props: MonitoringProps, totals: Metric[]): void {
    // VersionsWritten and ServicesRolled carry a Trigger dimension: a search shows every trigger's series.
    const renewWork = ['VersionsWritten', 'ServicesRolled'].map(
      (name) =>
        new MathExpression({
          expression: `SEARCH('{${METRIC_NAMESPACE},Trigger} MetricName="${name}"', 'Sum', ${PERIOD.toSeconds()})`,
          label: name,
          period: PERIOD,
        }),
    );
    const dashboard = new Dashboard(this, 'Dashboard', { dashboardName: 'pca-mtls' });
    dashboard.addWidgets(
      new GraphWidget({ title: 'Renewal problems', left: totals, width: 12 }),
      new GraphWidget({
        title: 'Functions: invocations, errors, throttles',
        left: [props.exportFunction, props.renewFunction].flatMap((fn) => [fn.metricInvocations(), fn.metricErrors()]),
        right: [props.exportFunction, props.renewFunction].map((fn) => fn.metricThrottles()),
        width: 12,
      }),
      new GraphWidget({ title: 'Renewal work: versions written, services rolled', left: renewWork, width: 12 }),
      new GraphWidget({ title: 'Renew duration', left: [props.renewFunction.metricDuration()], width: 12 }),
      new GraphWidget({
        title: 'Queues: events waiting, dead letters',
        left: [props.queue.metricApproximateNumberOfMessagesVisible()],
        right: props.dlqs.map((q) => q.metricApproximateNumberOfMessagesVisible()),
        width: 12,
      }),
    );
  }
}
