// One streamed chat through the official `openai` npm package (run by server/tests/api.rs).
// Usage: node openai_node.mjs BASE_URL KEY MODEL
import OpenAI from "openai";

const [base, key, model] = process.argv.slice(2);
const client = new OpenAI({ baseURL: base, apiKey: key, maxRetries: 0 });
const stream = await client.chat.completions.create({
  model,
  messages: [{ role: "user", content: "مرحبا" }],
  stream: true,
  stream_options: { include_usage: true },
});
let text = "";
let chunks = 0;
let usage = null;
for await (const chunk of stream) {
  if (chunk.choices[0]?.delta?.content) {
    text += chunk.choices[0].delta.content;
    chunks += 1;
  }
  if (chunk.usage) usage = chunk.usage;
}
if (chunks < 2 || !text || !usage || usage.total_tokens <= 0) {
  console.log(`FAIL node stream: ${chunks} chunks, usage ${JSON.stringify(usage)}`);
  process.exit(1);
}
console.log(`ok node stream (${chunks} chunks, ${usage.total_tokens} tokens)`);
