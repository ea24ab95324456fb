"""The Python runtime of Ownless's local Lambda.

Imports the handler named by _HANDLER (`module.function`, `pkg/module.function`) from
LAMBDA_TASK_ROOT, then polls the Runtime API for events and answers each, like Lambda's own runtime
interface client. Standard library only: it runs as it is, from dist/runtime or from the source tree.
"""

import decimal
import http.client
import importlib
import json
import logging
import os
import sys
import time
import traceback

# `host:port`, as Lambda defines it; the local runtime gives each environment a port of its own.
HOST = os.environ.get("AWS_LAMBDA_RUNTIME_API", "")
PREFIX = "/2018-06-01/runtime"

current_request_id = None


class RuntimeApi:
    """Calls to the Runtime API over one kept-alive connection, for the life of the environment.

    A new connection per call cost a TCP connect (and an accept in the server) on every call of every
    invocation. A kept-alive connection may have been closed by the server while it sat idle: a call
    that fails on a reused connection is made once more on a new one.
    """

    def __init__(self, host):
        self.host = host
        self.connection = None

    def call(self, method, route, body=None, headers=None):
        reused = self.connection is not None
        if not reused:
            self.connection = http.client.HTTPConnection(self.host)
        try:
            self.connection.request(method, PREFIX + route, body=body, headers=headers or {})
            response = self.connection.getresponse()
            # response.msg looks headers up case-insensitively.
            result = response.status, response.msg, response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            if not reused:
                raise
            return self.call(method, route, body, headers)
        if response.will_close:
            self.close()
        return result

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


runtime_api = RuntimeApi(HOST)


def call(method, route, body=None, headers=None):
    return runtime_api.call(method, route, body, headers)


def post_error(route, payload):
    body = json.dumps(payload).encode("utf-8")
    headers = {"Content-Type": "application/json", "Lambda-Runtime-Function-Error-Type": payload["errorType"]}
    call("POST", route, body, headers)


def error_payload(error, skip_frames=0):
    frames = traceback.extract_tb(error.__traceback__)[skip_frames:]
    return {
        "errorMessage": str(error),
        "errorType": type(error).__name__,
        "requestId": current_request_id or "",
        "stackTrace": traceback.format_list(frames),
    }


def log_error(payload):
    lines = [f"[ERROR] {payload['errorType']}: {payload['errorMessage']}"]
    if payload["stackTrace"]:
        lines.append("Traceback (most recent call last):")
        lines.extend(frame.rstrip("\n") for frame in payload["stackTrace"])
    print("\n".join(lines), flush=True)


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = current_request_id
        return True


def install_logging():
    """The root logger formats records as Lambda's Python runtime does."""
    handler = logging.StreamHandler(sys.stdout)
    formatter = logging.Formatter(
        "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s", "%Y-%m-%dT%H:%M:%S"
    )
    formatter.converter = time.gmtime
    handler.setFormatter(formatter)
    handler.addFilter(RequestIdFilter())
    logging.getLogger().addHandler(handler)


# The SDK's packages this interpreter has (name -> folder), from the launcher; see RuntimePackages.
RUNTIME_PACKAGES = {}
SDK_PACKAGES = ("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "six", "urllib3")


class RuntimePackages:
    """Finds the SDK that Lambda's Python runtimes include (boto3 and its dependencies) where this
    interpreter keeps them, by top-level name only: the rest of its site-packages stays out of reach, as
    the host's packages are not on Lambda. Last on sys.meta_path, as the runtime's site-packages come
    after the code folder and the layers on Lambda, so a vendored boto3 wins."""

    def __init__(self, locations):
        self.locations = locations

    def find_spec(self, fullname, path=None, target=None):
        folder = self.locations.get(fullname) if path is None else None
        if folder is None:
            return None
        import importlib.machinery

        return importlib.machinery.PathFinder.find_spec(fullname, [folder])


def isolate(task_root):
    """The import path of the deployed function: the code folder first, then PYTHONPATH (the layers)
    and the standard library, which is what Python puts on it without the site module (the launcher
    passes -S); the runtime's SDK through RuntimePackages. The site module's builtins (exit, quit, help)
    are kept, as Lambda's Python has them."""
    global RUNTIME_PACKAGES
    sys.path[0] = task_root  # was this bootstrap's folder
    import site

    for install in ("setquit", "setcopyright", "sethelper"):
        getattr(site, install, lambda: None)()
    for argument in sys.argv[1:]:
        if argument.startswith("--runtime-packages="):
            RUNTIME_PACKAGES = json.loads(argument[len("--runtime-packages=") :])
    if RUNTIME_PACKAGES:
        sys.meta_path.append(RuntimePackages(RUNTIME_PACKAGES))
    del sys.argv[1:]  # the launcher's, not the function's


def import_problem(module_name, error):
    """The message of a failed import; for the SDK, how to get it (Lambda includes it)."""
    message = f"Unable to import module '{module_name}': {error}"
    missing = getattr(error, "name", None) or ""
    if missing.split(".")[0] in SDK_PACKAGES and missing.split(".")[0] not in RUNTIME_PACKAGES:
        message += (
            f". Lambda's Python runtime includes boto3; locally it comes from the site-packages of "
            f"{sys.executable}, which has no {missing.split('.')[0]}: {sys.executable} -m pip install boto3"
        )
    return message


class InitError(Exception):
    def __init__(self, error_type, message):
        super().__init__(message)
        self.error_type = error_type


def load_handler():
    handler = os.environ.get("_HANDLER", "")
    module_path, _, function_name = handler.rpartition(".")
    if not module_path or not function_name:
        raise InitError(
            "Runtime.MalformedHandlerName", f"Bad handler '{handler}': not enough values to unpack (expected 2, got 1)"
        )
    module_name = module_path.replace("/", ".")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise InitError("Runtime.ImportModuleError", import_problem(module_name, error)) from error
    except SyntaxError as error:
        raise InitError("Runtime.UserCodeSyntaxError", f"Syntax error in module '{module_name}': {error}") from error
    function = getattr(module, function_name, None)
    if function is None:
        raise InitError("Runtime.HandlerNotFound", f"Handler '{function_name}' missing on module '{module_name}'")
    return function


class _Fields:
    """An object whose attributes are the named fields of a dict (None when absent), as Lambda's
    Python runtime gives `context.client_context`, its `.client` and `context.identity`."""

    __slots__ = ()

    def __init__(self, values=None):
        values = values if isinstance(values, dict) else {}
        for name in self.__slots__:
            setattr(self, name, values.get(name))

    def __repr__(self):
        fields = ",".join(f"{name}={getattr(self, name)}" for name in self.__slots__)
        return f"{type(self).__name__}([{fields}])"


class Client(_Fields):
    __slots__ = ("installation_id", "app_title", "app_version_name", "app_version_code", "app_package_name")


class ClientContext(_Fields):
    __slots__ = ("custom", "env", "client")

    def __init__(self, values):
        super().__init__(values)
        self.client = None if self.client is None else Client(self.client)


class CognitoIdentity(_Fields):
    __slots__ = ("cognito_identity_id", "cognito_identity_pool_id")

    def __init__(self, values=None):
        values = values if isinstance(values, dict) else {}
        # The header's keys are camelCase; the attributes are not.
        super().__init__(
            {
                "cognito_identity_id": values.get("cognitoIdentityId"),
                "cognito_identity_pool_id": values.get("cognitoIdentityPoolId"),
            }
        )


class LambdaContext:
    def __init__(self, headers):
        self.aws_request_id = headers.get("Lambda-Runtime-Aws-Request-Id")
        self.invoked_function_arn = headers.get("Lambda-Runtime-Invoked-Function-Arn")
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        client_context = headers.get("Lambda-Runtime-Client-Context")
        identity = headers.get("Lambda-Runtime-Cognito-Identity")
        # Objects with attributes, as on Lambda (context.client_context.custom); identity is always there.
        self.client_context = ClientContext(json.loads(client_context)) if client_context else None
        self.identity = CognitoIdentity(json.loads(identity) if identity else None)
        self._deadline_ms = int(headers.get("Lambda-Runtime-Deadline-Ms", "0"))

    def get_remaining_time_in_millis(self):
        return max(self._deadline_ms - int(time.time() * 1000), 0)


# Python 3.12 and later runtimes write non-ASCII characters as they are, older ones escape them.
ENSURE_ASCII = os.environ.get("AWS_EXECUTION_ENV", "") in {f"AWS_Lambda_python3.{minor}" for minor in range(6, 12)}


def to_json(value):
    """The response as Lambda's Python runtime writes it: a Decimal as its exact digits (not a float),
    a NaN as NaN, other values as the json module does (the standard library has no raw JSON values,
    so each Decimal is written as a marker string that is then replaced by its digits)."""
    nonce = os.urandom(8).hex()
    digits = []

    def fallback(item):
        if isinstance(item, decimal.Decimal):
            if item.is_nan():
                return float("nan")
            digits.append(str(item))
            return f"{nonce}:{len(digits) - 1}"
        raise TypeError(f"Object of type {type(item).__name__} is not JSON serializable")

    text = json.dumps(value, default=fallback, ensure_ascii=ENSURE_ASCII)
    for index, raw in enumerate(digits):
        text = text.replace(f'"{nonce}:{index}"', raw, 1)
    return text


def invoke(handler, headers, body):
    global current_request_id
    request_id = headers.get("Lambda-Runtime-Aws-Request-Id")
    current_request_id = request_id
    trace = headers.get("Lambda-Runtime-Trace-Id")
    if trace:
        os.environ["_X_AMZN_TRACE_ID"] = trace
    else:
        os.environ.pop("_X_AMZN_TRACE_ID", None)
    try:
        event = json.loads(body) if body else {}
        result = handler(event, LambdaContext(headers))
    except Exception as error:  # noqa: BLE001 - every failure of the handler is the invocation's error
        payload = error_payload(error, skip_frames=1)
        log_error(payload)
        post_error(f"/invocation/{request_id}/error", payload)
        return
    if isinstance(result, bytes):
        # Bytes go out as they are, as Lambda's runtime sends them (with no JSON content type).
        call("POST", f"/invocation/{request_id}/response", result, {"Content-Type": "application/unknown"})
        return
    try:
        response = to_json(result)
    except (TypeError, ValueError) as error:
        payload = {
            "errorMessage": f"Unable to marshal response: {error}",
            "errorType": "Runtime.MarshalError",
            "requestId": request_id,
            "stackTrace": [],
        }
        log_error(payload)
        post_error(f"/invocation/{request_id}/error", payload)
        return
    call("POST", f"/invocation/{request_id}/response", response.encode("utf-8"), {"Content-Type": "application/json"})


def main():
    task_root = os.environ.get("LAMBDA_TASK_ROOT", os.getcwd())
    isolate(task_root)
    install_logging()
    try:
        handler = load_handler()
    except InitError as error:
        payload = {"errorMessage": str(error), "errorType": error.error_type, "requestId": "", "stackTrace": []}
        log_error(payload)
        post_error("/init/error", payload)
        sys.exit(1)
    except Exception as error:  # noqa: BLE001 - an import that raises is an init error
        payload = error_payload(error)
        log_error(payload)
        post_error("/init/error", payload)
        sys.exit(1)
    while True:
        status, headers, body = call("GET", "/invocation/next")
        if status != 200:
            sys.stderr.write(f"Runtime API answered {status} to next: {body!r}\n")
            sys.exit(1)
        invoke(handler, headers, body)


if __name__ == "__main__":
    main()
