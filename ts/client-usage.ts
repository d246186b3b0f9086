// A small use of the typescript-fetch client that openapi-generator makes from
// spec-bundle/openapi.json (a second, independent generator). tools/ts-client-proof.sh
// generates ./client and compiles it with this file (`tsc --noEmit`). Nothing is
// sent: the functions are only type-checked. typescript-fetch renames JSON
// properties to camelCase (contact_channels -> contactChannels) and maps them back
// on the wire.
import {
  Configuration,
  type ContactRequest,
  ContactsV1Api,
  ContactsV2Api,
  type ContactStatusValue,
  type MutationResult,
  TagsApi,
} from "./client";

const config = new Configuration({
  basePath: "http://127.0.0.1:8080",
  // A per-request bearer token (for example the API Secret JWT).
  accessToken: async () => "token",
});

const contactsV1 = new ContactsV1Api(config);
const contactsV2 = new ContactsV2Api(config);
const tags = new TagsApi(config);

const jordan: ContactRequest = { phone: "15105553344", first: "Jordan", tags: [{ tagId: 55 }] };

export async function createEverywhere(): Promise<MutationResult[]> {
  const v1 = await contactsV1.createContact({ contactRequest: jordan });
  const v2 = await contactsV2.createContactV2({
    contactV2Request: {
      contactChannels: [
        { channelType: "phone", channelId: "15105553344" },
        { channelType: "email", channelId: "help@heymarket.com" },
      ],
      first: "API",
    },
  });
  await contactsV1.batchCreateContacts({ contactRequest: [jordan, { phone: "12345678900" }], overwrite: true });
  await tags.getTag({ id: 55 });
  return [v1, v2];
}

export const unsubscribed: ContactStatusValue = "unsubscribed";
