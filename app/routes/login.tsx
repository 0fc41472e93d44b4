import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { AuthCard } from "~/components/layout/auth-card";
import { Button, Field, FormError } from "~/components/ui/field";
import { beginSession, getUser } from "~/lib/auth.server";
import { parseForm, safeRedirect, type FieldErrors } from "~/lib/forms.server";
import { attemptLogin } from "~/modules/auth/login.server";
import { loginSchema } from "~/modules/auth/schemas";

export const meta: MetaFunction = () => [{ title: "Log in · Praxis" }];

// Document responses only carry an action's headers (Retry-After on 429) if the route passes them on.
export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) =>
  actionHeaders.has("Retry-After") ? actionHeaders : loaderHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect(safeRedirect(new URL(request.url).searchParams.get("next")));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const next = safeRedirect(new URL(request.url).searchParams.get("next"));
  const form = await parseForm(request, loginSchema);
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const outcome = await attemptLogin(form.data.email, form.data.password, context.ip ?? "unknown");
  const values = { email: form.data.email };
  if (outcome.ok) {
    const cookie = await beginSession(request, outcome.user.id, context.ip);
    return redirect(next, { headers: { "Set-Cookie": cookie } });
  }
  if (outcome.reason === "rate_limited") {
    return data(
      {
        errors: { form: [`Too many attempts. Try again in ${outcome.retryAfter} seconds.`] } as FieldErrors,
        values,
      },
      { status: 429, headers: { "Retry-After": String(outcome.retryAfter) } },
    );
  }
  return data(
    { errors: { form: ["Email or password is incorrect."] } as FieldErrors, values },
    { status: 401 },
  );
}

export default function Login() {
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const search = params.toString() ? `?${params}` : "";
  return (
    <AuthCard
      title="Log in"
      footer={
        <>
          New here?{" "}
          <Link className="text-brand-600 underline dark:text-brand-100" to={`/signup${search}`}>
            Create an account
          </Link>
        </>
      }
    >
      <Form method="post" action={`/login${search}`} className="space-y-4" noValidate>
        <FormError message={result?.errors.form?.join(" ")} />
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={result?.values.email}
          errors={result?.errors.email}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          errors={result?.errors.password}
        />
        <Button type="submit" className="w-full" disabled={navigation.state === "submitting"}>
          Log in
        </Button>
      </Form>
    </AuthCard>
  );
}
