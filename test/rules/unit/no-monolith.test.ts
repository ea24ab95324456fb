import { describe } from 'vitest';
import { noMonolith } from '../../../src/core/rules/unit/no-monolith';
import { dedent, runRuleTests } from '../../helpers/rule-tester';

describe('unit/no-monolith', () => {
  runRuleTests(noMonolith, {
    valid: [
      {
        name: 'one function per route (idiomatic SAM)',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            ListOrders:
              Type: AWS::Serverless::Function
              Properties:
                Handler: list.handler
                Events:
                  List: { Type: Api, Properties: { Path: /orders, Method: get } }
            GetOrder:
              Type: AWS::Serverless::Function
              Properties:
                Handler: get.handler
                Events:
                  Get: { Type: HttpApi, Properties: { Path: '/orders/{id}', Method: GET } }
        `),
      },
      {
        name: 'a greedy path for one method below a prefix (a file proxy)',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Files:
              Type: AWS::Serverless::Function
              Properties:
                Events:
                  Get: { Type: Api, Properties: { Path: '/files/{key+}', Method: get } }
        `),
      },
      {
        name: 'ordinary layers (JSON, plain CloudFormation)',
        path: 'template.json',
        code: dedent(`
          {
            "Resources": {
              "Fn": {
                "Type": "AWS::Lambda::Function",
                "Properties": { "Layers": ["arn:aws:lambda:eu-west-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python312-x86_64:7"] }
              }
            }
          }
        `),
      },
      {
        name: 'a dynamic path is never guessed',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Parameters:
            RoutePath: { Type: String }
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Events:
                  Any: { Type: Api, Properties: { Path: !Ref RoutePath, Method: any } }
        `),
      },
      {
        name: 'non-API events are not routes',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Events:
                  Queue: { Type: SQS, Properties: { Queue: !GetAtt Q.Arn } }
            Q:
              Type: AWS::SQS::Queue
        `),
      },
    ],
    invalid: [
      {
        name: 'ANY /{proxy+} on a REST API',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            App:
              Type: AWS::Serverless::Function
              Properties:
                Handler: app.handler
                Events:
                  Proxy:
                    Type: Api
                    Properties:
                      Path: /{proxy+}
                      Method: ANY
        `),
        findings: [{ messageId: 'greedy', line: 11, column: 19, functions: ['App'], severity: 'info' }],
      },
      {
        name: '/{proxy+} for a single method still takes every path',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            App:
              Type: AWS::Serverless::Function
              Properties:
                Events:
                  Proxy: { Type: HttpApi, Properties: { Path: '/{proxy+}', Method: get } }
        `),
        findings: [{ messageId: 'greedy', line: 7, column: 53, functions: ['App'] }],
      },
      {
        name: 'ANY below a prefix, method in lower case',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            App:
              Type: AWS::Serverless::Function
              Properties:
                Events:
                  Api: { Type: Api, Properties: { Method: any, Path: '/api/{path+}' } }
        `),
        findings: [{ messageId: 'greedy', line: 7, column: 60, functions: ['App'] }],
      },
      {
        name: 'an HttpApi event without path or method is the $default catch-all route',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            App:
              Type: AWS::Serverless::Function
              Properties:
                Events:
                  Root:
                    Type: HttpApi
        `),
        findings: [{ messageId: 'greedy', line: 7, column: 9, functions: ['App'] }],
      },
      {
        name: 'a path from a parameter default resolves to it',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Parameters:
            RoutePath: { Type: String, Default: '/{proxy+}' }
          Resources:
            App:
              Type: AWS::Serverless::Function
              Properties:
                Events:
                  Proxy: { Type: Api, Properties: { Path: !Ref RoutePath, Method: any } }
        `),
        findings: [{ messageId: 'greedy', line: 9, column: 49, functions: ['App'] }],
      },
      {
        name: 'greedy route in JSON',
        path: 'template.json',
        code: dedent(`
          {
            "Transform": "AWS::Serverless-2016-10-31",
            "Resources": {
              "App": {
                "Type": "AWS::Serverless::Function",
                "Properties": {
                  "Events": {
                    "Proxy": { "Type": "Api", "Properties": { "Path": "/{proxy+}", "Method": "ANY" } }
                  }
                }
              }
            }
          }
        `),
        findings: [{ messageId: 'greedy', line: 8, column: 61, functions: ['App'] }],
      },
      {
        name: 'the Lambda Web Adapter layer on a plain CloudFormation function',
        code: dedent(`
          Resources:
            Web:
              Type: AWS::Lambda::Function
              Properties:
                Handler: run.sh
                Layers:
                  - arn:aws:lambda:us-east-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python312-x86_64:7
                  - !Sub arn:aws:lambda:\${AWS::Region}:753240598075:layer:LambdaAdapterLayerX86:24
        `),
        findings: [{ messageId: 'adapter', line: 8, column: 11, functions: ['Web'] }],
      },
      {
        name: 'the adapter layer named by a parameter default (JSON)',
        path: 'template.json',
        code: dedent(`
          {
            "Parameters": { "Adapter": { "Type": "String", "Default": "arn:aws:lambda:us-east-1:753240598075:layer:LambdaAdapterLayerArm64:24" } },
            "Resources": {
              "Web": { "Type": "AWS::Lambda::Function", "Properties": { "Layers": [{ "Ref": "Adapter" }] } }
            }
          }
        `),
        findings: [{ messageId: 'adapter', line: 4, column: 74, functions: ['Web'] }],
      },
      {
        name: 'an adapter layer in SAM Globals gives one finding naming every function',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              Layers:
                - !Sub arn:aws:lambda:\${AWS::Region}:753240598075:layer:LambdaAdapterLayerX86:24
          Resources:
            A:
              Type: AWS::Serverless::Function
              Properties: { Handler: run.sh }
            B:
              Type: AWS::Serverless::Function
              Properties: { Handler: run.sh }
        `),
        findings: [{ messageId: 'adapter', line: 5, column: 9, functions: ['A', 'B'] }],
      },
      {
        name: 'strict profile warns',
        profile: 'strict',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Resources:
            App:
              Type: AWS::Serverless::Function
              Properties:
                Events:
                  Proxy: { Type: Api, Properties: { Path: '/{proxy+}', Method: any } }
        `),
        findings: [{ messageId: 'greedy', line: 7, column: 49, severity: 'warning' }],
      },
    ],
  });
});

describe('unit/no-monolith with SAM list merging', () => {
  runRuleTests(noMonolith, {
    valid: [],
    invalid: [
      {
        name: 'a Globals adapter layer still applies to a function with its own Layers',
        code: dedent(`
          Transform: AWS::Serverless-2016-10-31
          Globals:
            Function:
              Layers: [arn:aws:lambda:us-east-1:753240598075:layer:LambdaAdapterLayerX86:24]
          Resources:
            C:
              Type: AWS::Serverless::Function
              Properties:
                Handler: run.sh
                Layers: [arn:aws:lambda:us-east-1:017000801446:layer:AWSLambdaPowertoolsPythonV2:79]
        `),
        findings: [{ messageId: 'adapter', line: 4, column: 14, functions: ['C'] }],
      },
    ],
  });
});

describe('unit/no-monolith on plain CloudFormation API resources', () => {
  runRuleTests(noMonolith, {
    valid: [
      {
        name: 'an HTTP API route per operation',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Timeout: 5, MemorySize: 256 }
            Integration:
              Type: AWS::ApiGatewayV2::Integration
              Properties: { ApiId: !Ref Api, IntegrationType: AWS_PROXY, IntegrationUri: !GetAtt Fn.Arn }
            Route:
              Type: AWS::ApiGatewayV2::Route
              Properties: { ApiId: !Ref Api, RouteKey: 'GET /orders/{id}', Target: !Sub 'integrations/\${Integration}' }
        `),
      },
    ],
    invalid: [
      {
        name: 'an HTTP API $default route and a REST ANY method on {proxy+}',
        code: dedent(`
          Resources:
            Fn:
              Type: AWS::Lambda::Function
              Properties: { Timeout: 5, MemorySize: 256 }
            Integration:
              Type: AWS::ApiGatewayV2::Integration
              Properties: { ApiId: !Ref Api, IntegrationType: AWS_PROXY, IntegrationUri: !GetAtt Fn.Arn }
            Route:
              Type: AWS::ApiGatewayV2::Route
              Properties: { ApiId: !Ref Api, RouteKey: $default, Target: !Sub 'integrations/\${Integration}' }
            Proxy:
              Type: AWS::ApiGateway::Resource
              Properties: { RestApiId: !Ref Rest, ParentId: !GetAtt Rest.RootResourceId, PathPart: '{proxy+}' }
            ProxyAny:
              Type: AWS::ApiGateway::Method
              Properties:
                RestApiId: !Ref Rest
                ResourceId: !Ref Proxy
                HttpMethod: ANY
                AuthorizationType: NONE
                Integration:
                  Type: AWS_PROXY
                  IntegrationHttpMethod: POST
                  Uri: !Sub 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations'
        `),
        findings: [
          { messageId: 'greedy', line: 10, column: 46, functions: ['Fn'] },
          { messageId: 'greedy', line: 19, column: 19, functions: ['Fn'] },
        ],
      },
    ],
  });
});
