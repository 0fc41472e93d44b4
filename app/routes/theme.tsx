import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { safeRedirect } from "~/lib/forms.server";
import { setTheme, themeSchema } from "~/lib/theme.server";

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const theme = themeSchema.catch("system").parse(form.get("theme"));
  return redirect(safeRedirect(form.get("redirectTo")), { headers: { "Set-Cookie": await setTheme(theme) } });
}

export async function loader() {
  return redirect("/");
}
