import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Button, buttonClass, ErrorMessage, Field, formatBytes, Input, Select } from "./ui";

describe("Button", () => {
  it("is a plain button unless told to submit, so it never submits a form by accident", () => {
    expect(renderToStaticMarkup(<Button>Cancel</Button>)).toMatch(/^<button type="button"/);
    expect(renderToStaticMarkup(<Button type="submit">Save</Button>)).toMatch(/^<button type="submit"/);
  });

  it("takes its look from the variant and size, and keeps the caller's classes", () => {
    const primary = buttonClass({ variant: "primary", size: "lg", className: "w-full" });
    expect(primary).toContain("bg-indigo-600");
    expect(primary).toContain("px-4 py-2");
    expect(primary).toMatch(/ w-full$/);
    expect(buttonClass({ variant: "danger-outline", size: "sm" })).toContain("border-rose-300");
    expect(buttonClass()).toContain("border-slate-300");
    // A link-looking button has no box to pad.
    expect(buttonClass({ variant: "link" })).not.toMatch(/\bp[xy]-/);
    expect(buttonClass({ variant: "link", size: "xs" })).toContain("text-xs");
  });
});

describe("Field", () => {
  it("labels its control and ties the hint and the errors to it", () => {
    const html = renderToStaticMarkup(
      <Field label="Name" hint="Shown to everyone" errors={["Name is taken."]} name="name">
        {(p) => <Input {...p} name="name" />}
      </Field>,
    );
    const id = /<label for="([^"]+)"/.exec(html)?.[1];
    expect(id).toBeTruthy();
    const input = /<input [^>]*>/.exec(html)?.[0] ?? "";
    expect(input).toContain(`id="${id}"`);
    expect(input).toContain(`aria-describedby="${id}-hint ${id}-error"`);
    expect(input).toContain('aria-invalid="true"');
    expect(html).toContain(`<p id="${id}-hint"`);
    expect(html).toMatch(new RegExp(`<ul id="${id}-error"[^>]*data-testid="error-name"`));
    expect(html).toContain("<li>Name is taken.</li>");
  });

  it("marks nothing invalid and describes nothing when there is no hint and no error", () => {
    const html = renderToStaticMarkup(<Field label="Kind">{(p) => <Select {...p} />}</Field>);
    expect(html).not.toContain("aria-invalid");
    expect(html).not.toContain("aria-describedby");
    expect(html).not.toContain("<ul");
  });
});

describe("ErrorMessage", () => {
  it("is announced when it appears", () => {
    expect(renderToStaticMarkup(<ErrorMessage data-testid="x">Nope</ErrorMessage>)).toMatch(
      /^<p role="alert" class="[^"]*text-rose-700[^"]*" data-testid="x">Nope<\/p>$/,
    );
  });
});

describe("formatBytes", () => {
  it("uses decimal units with one decimal below 100", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(999)).toBe("999 B");
    expect(formatBytes(8192)).toBe("8.2 kB");
    expect(formatBytes(123_456_789)).toBe("123 MB");
    expect(formatBytes(1_400_000_000)).toBe("1.4 GB");
    expect(formatBytes(5e15)).toBe("5000 TB");
  });
});
