export * from "./catalogue";
export * from "./steps";
