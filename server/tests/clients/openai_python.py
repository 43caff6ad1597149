"""The public API through the official `openai` Python package (run by server/tests/api.rs).

Usage: python openai_python.py BASE_URL KEY REVOKED_KEY EXHAUSTED_KEY MODEL
Prints one line per check and exits non-zero on the first failure.
"""
import asyncio
import sys

import openai
from openai import AsyncOpenAI, OpenAI

base, key, revoked, exhausted, model = sys.argv[1:6]


def check(name, cond, detail=""):
    if not cond:
        print(f"FAIL {name}: {detail}")
        sys.exit(1)
    print(f"ok {name}")


client = OpenAI(base_url=base, api_key=key, max_retries=0)

models = client.models.list()
ids = [m.id for m in models.data]
check("models are listed", model in ids, ids)

reply = client.chat.completions.create(model=model, messages=[{"role": "user", "content": "مرحبا"}])
check("a chat answer", reply.object == "chat.completion" and reply.choices[0].message.content, reply)
check("with usage", reply.usage.total_tokens == reply.usage.prompt_tokens + reply.usage.completion_tokens > 0, reply.usage)

chunks = list(
    client.chat.completions.create(
        model=model,
        messages=[{"role": "system", "content": "Be brief."}, {"role": "user", "content": "hello"}],
        stream=True,
        stream_options={"include_usage": True},
    )
)
texts = [c.choices[0].delta.content for c in chunks if c.choices and c.choices[0].delta.content]
check("a streamed answer comes in several chunks", len(texts) > 1, texts)
check("the usage comes last", chunks[-1].usage is not None and not chunks[-1].choices, chunks[-1])
finishes = [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason]
check("it says why it finished", finishes == ["stop"], finishes)

try:
    OpenAI(base_url=base, api_key=revoked, max_retries=0).models.list()
    check("a revoked key is refused", False, "no error")
except openai.AuthenticationError as e:
    check("a revoked key is refused", e.status_code == 401)

try:
    OpenAI(base_url=base, api_key=exhausted, max_retries=0).chat.completions.create(
        model=model, messages=[{"role": "user", "content": "hi"}]
    )
    check("an exhausted plan is refused", False, "no error")
except openai.RateLimitError as e:
    check("an exhausted plan is refused", e.code == "insufficient_quota", e)

try:
    client.chat.completions.create(model="no:such-model", messages=[{"role": "user", "content": "hi"}])
    check("an unknown model", False, "no error")
except openai.NotFoundError as e:
    check("an unknown model", e.code == "model_not_found", e)


async def many():
    aclient = AsyncOpenAI(base_url=base, api_key=key, max_retries=0)

    async def one():
        try:
            stream = await aclient.chat.completions.create(
                model=model, messages=[{"role": "user", "content": "count"}], stream=True
            )
            n = 0
            async for _ in stream:
                n += 1
            return "ok" if n > 0 else "empty"
        except openai.RateLimitError as e:
            return e.code or "rate"

    return await asyncio.gather(*[one() for _ in range(100)])


results = asyncio.run(many())
check("100 streams at once end cleanly", all(r in ("ok", "insufficient_quota") for r in results), set(results))
print(f"streams: {results.count('ok')} answered, {results.count('insufficient_quota')} refused for quota")
