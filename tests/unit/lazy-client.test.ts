// The KMS client of deps.ts is built, its SDK module loaded, at its first request: not
// before, once only, and its `send` still called as the client's method.
import { describe, expect, it } from "vitest";
import { onFirstSend } from "../../shared/app/deps.js";

class Client {
  sent: string[] = [];
  async send(command: string): Promise<string> {
    this.sent.push(command);
    return `done ${command}`;
  }
}

describe("a client built on its first send", () => {
  it("is built at the first send only, once, and answers as the client does", async () => {
    const built: Client[] = [];
    const client = onFirstSend(async () => {
      const c = new Client();
      built.push(c);
      return c;
    });
    expect(built).toHaveLength(0);
    const answers = await Promise.all([client.send("a"), client.send("b")]);
    expect(await client.send("c")).toBe("done c");
    expect(answers).toEqual(["done a", "done b"]);
    expect(built).toHaveLength(1);
    expect(built[0]!.sent).toEqual(["a", "b", "c"]);
  });
});
