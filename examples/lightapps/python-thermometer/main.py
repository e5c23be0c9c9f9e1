"""A simulated temperature sensor: one reading per interval, printed as a JSON line.

Arguments: --every SECONDS (default 5). Env: SENSOR_ID (default "thermo-1").
The data folder (the working directory) keeps the last reading across restarts.
"""
import json
import math
import os
import random
import sys
import time


def interval(argv):
    if "--every" in argv:
        return float(argv[argv.index("--every") + 1])
    return 5.0


def main():
    every = interval(sys.argv[1:])
    sensor = os.environ.get("SENSOR_ID", "thermo-1")
    count = 0
    while True:
        celsius = 21.0 + 3.0 * math.sin(count / 10.0) + random.uniform(-0.2, 0.2)
        reading = {"sensor": sensor, "celsius": round(celsius, 2), "seq": count}
        print(json.dumps(reading), flush=True)
        with open("last-reading.json", "w") as f:
            json.dump(reading, f)
        count += 1
        time.sleep(every)


if __name__ == "__main__":
    main()
