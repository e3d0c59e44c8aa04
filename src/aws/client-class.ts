/** Any AWS SDK v3 client class: `new EC2Client(config)`. */
// biome-ignore lint/suspicious/noExplicitAny: SDK client configs differ per service; the factory supplies region, credentials and endpoint.
export type AwsClientClass<T> = new (config: any) => T;
