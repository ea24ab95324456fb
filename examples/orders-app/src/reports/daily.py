import json


def handler(event, context):
    """Builds the daily order report (a placeholder that echoes what triggered it)."""
    return {"report": "daily", "trigger": json.dumps(event)}
