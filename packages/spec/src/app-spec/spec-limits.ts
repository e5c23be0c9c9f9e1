/**
 * Upper bounds of an app spec. Every string and array of the document is bounded so a
 * hostile or broken document costs a bounded amount of memory and time to validate, plan
 * and store. The numbers are generous for real apps (the largest we know has ~60 nodes).
 */
export const specLimits = {
  nodes: 500,
  parameters: 100,
  portsPerNode: 50,
  volumesPerNode: 50,
  capabilitiesPerNode: 64,
  devicesPerNode: 64,
  envPerNode: 200,
  dependsOnPerNode: 500,
  argvItems: 256,
  argvItemLength: 4096,
  envValueLength: 8192,
  pathLength: 1024,
  imageLength: 512,
  nameLength: 63,
  textLength: 2000,
  labelLength: 200,
  permissions: 500,
  dataModels: 200,
  services: 200,
  operations: 200,
  middlewareParams: 50,
  patternLength: 500,
  urlLength: 2048,
  replicas: 100,
} as const;
