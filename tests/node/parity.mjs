// Runs `python -m calculators` argument lists inside the pinned Pyodide under Node.
// Usage: node parity.mjs WHEEL CASES_JSON  — prints [{code, stdout}, ...] as JSON.
import { readFileSync } from "node:fs";
import { loadPyodide } from "pyodide";

const [wheelPath, casesPath] = process.argv.slice(2);
const pyodide = await loadPyodide();
pyodide.unpackArchive(new Uint8Array(readFileSync(wheelPath)), "wheel");
// A fixed harness: the CLI's own main(), its stdout captured. Inputs travel as JSON strings.
const runCli = pyodide.runPython(`
import contextlib, io, json
from calculators.cli import main

def run_cli(args_json):
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(json.loads(args_json))
    return json.dumps({"code": code, "stdout": out.getvalue()})

run_cli
`);
const cases = JSON.parse(readFileSync(casesPath, "utf8"));
let results;
try {
  results = cases.map((args) => JSON.parse(runCli(JSON.stringify(args))));
} catch (error) {
  process.stderr.write(`${error.message}\n`); // the Python traceback, not Pyodide's minified source
  process.exit(1);
}
runCli.destroy();
process.stdout.write(JSON.stringify({ python: pyodide.runPython("import sys; sys.version"), results }));
