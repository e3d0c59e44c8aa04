/**
 * Operations AWS added after the last aws-sdk v2 model release (the sandbox's model source), in
 * the v2 `min.json` format. The installed v3 clients call them, so the sandbox must speak them.
 * Written from the installed v3 clients' schemas (member names, list element names, HTTP
 * bindings); `loadModel` merges an overlay into the model of the same uid.
 */

/** One model's additions: operations, the shapes they use, and their paginators. */
export interface ModelOverlay {
  readonly operations: Record<string, Record<string, unknown>>;
  readonly shapes?: Record<string, Record<string, unknown>>;
  readonly pagination?: Record<string, Record<string, unknown>>;
}

const timestamp = { type: 'timestamp' };
const str = {};

export const modelOverlays: Readonly<Record<string, ModelOverlay>> = {
  // ELBv2 LCU reservation (2024): ModifyCapacityReservation / DescribeCapacityReservation.
  'elasticloadbalancingv2-2015-12-01': {
    operations: {
      ModifyCapacityReservation: {
        input: {
          type: 'structure',
          required: ['LoadBalancerArn'],
          members: {
            LoadBalancerArn: str,
            MinimumLoadBalancerCapacity: { shape: 'OverlayMinimumLoadBalancerCapacity' },
            ResetCapacityReservation: { type: 'boolean' },
          },
        },
        output: { resultWrapper: 'ModifyCapacityReservationResult', shape: 'OverlayCapacityReservation' },
      },
      DescribeCapacityReservation: {
        input: { type: 'structure', required: ['LoadBalancerArn'], members: { LoadBalancerArn: str } },
        output: { resultWrapper: 'DescribeCapacityReservationResult', shape: 'OverlayCapacityReservation' },
      },
    },
    shapes: {
      OverlayMinimumLoadBalancerCapacity: {
        type: 'structure',
        members: { CapacityUnits: { type: 'integer' } },
      },
      OverlayCapacityReservation: {
        type: 'structure',
        members: {
          LastModifiedTime: timestamp,
          DecreaseRequestsRemaining: { type: 'integer' },
          MinimumLoadBalancerCapacity: { shape: 'OverlayMinimumLoadBalancerCapacity' },
          CapacityReservationState: {
            type: 'list',
            member: { shape: 'OverlayZonalCapacityReservationState' },
          },
        },
      },
      OverlayZonalCapacityReservationState: {
        type: 'structure',
        members: {
          State: { type: 'structure', members: { Code: str, Reason: str } },
          AvailabilityZone: str,
          EffectiveCapacityUnits: { type: 'double' },
        },
      },
    },
  },
  // RDS DescribeDBMajorEngineVersions (2025): engine lifecycles (standard / Extended Support dates).
  'rds-2014-10-31': {
    operations: {
      DescribeDBMajorEngineVersions: {
        input: {
          type: 'structure',
          members: {
            Engine: str,
            MajorEngineVersion: str,
            Marker: str,
            MaxRecords: { type: 'integer' },
          },
        },
        output: {
          resultWrapper: 'DescribeDBMajorEngineVersionsResult',
          type: 'structure',
          members: {
            DBMajorEngineVersions: {
              type: 'list',
              member: { shape: 'OverlayDBMajorEngineVersion', locationName: 'DBMajorEngineVersion' },
            },
            Marker: str,
          },
        },
      },
    },
    shapes: {
      OverlayDBMajorEngineVersion: {
        type: 'structure',
        members: {
          Engine: str,
          MajorEngineVersion: str,
          SupportedEngineLifecycles: {
            type: 'list',
            member: { shape: 'OverlaySupportedEngineLifecycle', locationName: 'SupportedEngineLifecycle' },
          },
        },
      },
      OverlaySupportedEngineLifecycle: {
        type: 'structure',
        members: {
          LifecycleSupportName: str,
          LifecycleSupportStartDate: timestamp,
          LifecycleSupportEndDate: timestamp,
        },
      },
    },
    pagination: {
      DescribeDBMajorEngineVersions: {
        input_token: 'Marker',
        output_token: 'Marker',
        limit_key: 'MaxRecords',
        result_key: 'DBMajorEngineVersions',
      },
    },
  },
  // EKS DescribeClusterVersions (2024): Kubernetes versions with end of standard / extended support.
  'eks-2017-11-01': {
    operations: {
      DescribeClusterVersions: {
        http: { method: 'GET', requestUri: '/cluster-versions' },
        input: {
          type: 'structure',
          members: {
            clusterType: { location: 'querystring', locationName: 'clusterType' },
            maxResults: { location: 'querystring', locationName: 'maxResults', type: 'integer' },
            nextToken: { location: 'querystring', locationName: 'nextToken' },
            defaultOnly: { location: 'querystring', locationName: 'defaultOnly', type: 'boolean' },
            includeAll: { location: 'querystring', locationName: 'includeAll', type: 'boolean' },
            clusterVersions: {
              location: 'querystring',
              locationName: 'clusterVersions',
              type: 'list',
              member: {},
            },
            status: { location: 'querystring', locationName: 'status' },
            versionStatus: { location: 'querystring', locationName: 'versionStatus' },
          },
        },
        output: {
          type: 'structure',
          members: {
            nextToken: str,
            clusterVersions: { type: 'list', member: { shape: 'OverlayClusterVersionInformation' } },
          },
        },
      },
    },
    shapes: {
      OverlayClusterVersionInformation: {
        type: 'structure',
        members: {
          clusterVersion: str,
          clusterType: str,
          defaultPlatformVersion: str,
          defaultVersion: { type: 'boolean' },
          releaseDate: timestamp,
          endOfStandardSupportDate: timestamp,
          endOfExtendedSupportDate: timestamp,
          status: str,
          versionStatus: str,
          kubernetesPatchVersion: str,
        },
      },
    },
    pagination: {
      DescribeClusterVersions: {
        input_token: 'nextToken',
        output_token: 'nextToken',
        limit_key: 'maxResults',
        result_key: 'clusterVersions',
      },
    },
  },
  // AWS Health DescribeServiceLifecycle (2026): the version catalog. Written from the API reference
  // (the installed v3 client predates it too; see src/aws/health-lifecycle.ts).
  'health-2016-08-04': {
    operations: {
      DescribeServiceLifecycle: {
        input: {
          type: 'structure',
          members: {
            filter: { type: 'structure', members: { service: str } },
            maxResults: { type: 'integer' },
            nextToken: str,
          },
        },
        output: {
          type: 'structure',
          members: {
            serviceLifecycles: { type: 'list', member: { shape: 'OverlayServiceLifecycle' } },
            nextToken: str,
          },
        },
      },
    },
    shapes: {
      OverlayServiceLifecycle: {
        type: 'structure',
        members: {
          service: str,
          version: str,
          title: str,
          recommendedVersion: str,
          lifecycleEvents: { type: 'list', member: { shape: 'OverlayLifecycleEvent' } },
        },
      },
      OverlayLifecycleEvent: {
        type: 'structure',
        members: {
          lifecycleEventType: str,
          date: timestamp,
          description: str,
          impactRisks: { type: 'list', member: {} },
          regions: { type: 'list', member: {} },
        },
      },
    },
    pagination: {
      DescribeServiceLifecycle: {
        input_token: 'nextToken',
        output_token: 'nextToken',
        limit_key: 'maxResults',
        result_key: 'serviceLifecycles',
      },
    },
  },
};
