import json
import time

import boto3

lambda_client = boto3.client("lambda")


def handler(event, context):
    """Builds the daily order report: asks the export function, then waits for the file."""
    # Both functions are billed while this one waits for the other's answer.
    lambda_client.invoke(FunctionName="orders-export", Payload=json.dumps(event))
    while not export_ready():
        time.sleep(10)  # paying for idle while polling
    return {"report": "daily", "trigger": json.dumps(event)}


def export_ready():
    return True
