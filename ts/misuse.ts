// Misuses of the generated types: this file must NOT compile. tools/ts-proof.sh
// runs `tsc --noEmit` on it and requires exactly the errors named by the
// `// expect: TSnnnn` comments, each on its own line (and no other error), so a
// type that became too loose, or a misuse that fails for another reason, is caught.
import type { components, paths } from "./heymarket";

type Json<T extends { content: { "application/json": unknown } }> = T["content"]["application/json"];
type CreateContactBody = Json<paths["/v1/contact"]["post"]["requestBody"]>;
type CreateContactV2Body = Json<paths["/v2/contact"]["post"]["requestBody"]>;
type BatchCreateBody = Json<paths["/v1/batch/contacts"]["post"]["requestBody"]>;

// phone is required in a v1 create body
export const missingPhone: CreateContactBody = { first: "No phone" }; // expect: TS2741
// phone is a string of digits, not a number
export const numericPhone: CreateContactBody = { phone: 15105553344 }; // expect: TS2322
// a field the schema does not have
export const unknownField: CreateContactBody = { phone: "15105553344", nickname: "J" }; // expect: TS2353
// a v2 body needs contact_channels
export const noChannels: CreateContactV2Body = { first: "API" }; // expect: TS2741
// the batch body is a bare array, not an object around it
export const wrappedBatch: BatchCreateBody = { contacts: [] }; // expect: TS2353
// not a status the API knows
export const badStatus: components["schemas"]["ContactStatusValue"] = "deleted"; // expect: TS2322
