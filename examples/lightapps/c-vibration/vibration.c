/*
 * A simulated vibration sensor: one RMS reading per interval, printed as a JSON line.
 * Arguments: --every SECONDS (default 5). Env: SENSOR_ID (default "vib-1").
 * Build: cc -O2 -o vibration vibration.c -lm
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  unsigned every = 5;
  for (int i = 1; i + 1 < argc; i++)
    if (strcmp(argv[i], "--every") == 0) every = (unsigned)atoi(argv[i + 1]);
  const char *sensor = getenv("SENSOR_ID");
  if (sensor == NULL) sensor = "vib-1";
  srand((unsigned)getpid());
  for (unsigned long seq = 0;; seq++) {
    double rms = 0.8 + 0.3 * sin((double)seq / 6.0) + ((double)rand() / RAND_MAX - 0.5) * 0.05;
    printf("{\"sensor\": \"%s\", \"rms_g\": %.3f, \"seq\": %lu}\n", sensor, rms, seq);
    fflush(stdout);
    sleep(every);
  }
  return 0;
}
