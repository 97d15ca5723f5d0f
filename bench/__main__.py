import subprocess
import sys

# Each benchmark in its own process: each builds its own database.
for name in [
    "bench.dashboard",
    "bench.export",
    "bench.casework",
    "bench.case_export",
    "bench.paper",
]:
    print(f"== {name}")
    subprocess.run([sys.executable, "-m", name], check=True)
