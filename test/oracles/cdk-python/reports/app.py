#!/usr/bin/env python3
import aws_cdk as cdk

from reports.reports_stack import ReportsStack

app = cdk.App()
ReportsStack(app, "Reports")
app.synth()
