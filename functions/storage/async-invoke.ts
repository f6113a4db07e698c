import { InvokeCommand, type InvokeCommandInput, LambdaClient } from '@aws-sdk/client-lambda';

/** Sends an event to a Lambda function without waiting for it to run. */
export type AsyncInvoke = (event: object) => Promise<void>;

/**
 * An asynchronous invocation of `functionName` with `event` as its JSON payload
 * (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html): Lambda queues the event and
 * answers 202 at once, so the event gets a whole invocation of its own.
 */
export function asyncInvocation(functionName: string, event: object): InvokeCommandInput {
  return {
    FunctionName: functionName,
    InvocationType: 'Event',
    Payload: new TextEncoder().encode(JSON.stringify(event)),
  };
}

/** Invokes `functionName` asynchronously: the admin function hands the next step of a purge to itself. */
export function createAsyncInvoke(region: string, functionName: string): AsyncInvoke {
  const lambda = new LambdaClient({ region, maxAttempts: 5 });
  return async (event) => {
    await lambda.send(new InvokeCommand(asyncInvocation(functionName, event)));
  };
}
