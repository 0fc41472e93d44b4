import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { AuthCard } from "~/components/layout/auth-card";
import { Button, Field, FormError } from "~/components/ui/field";
import { beginSession, getUser } from "~/lib/auth.server";
import { parseForm, safeRedirect, type FieldErrors } from "~/lib/forms.server";
import { signupSchema } from "~/modules/auth/schemas";
import { createUser, EmailTakenError } from "~/modules/auth/users.server";

export const meta: MetaFunction = () => [{ title: "Sign up · Praxis" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect("/");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const next = safeRedirect(new URL(request.url).searchParams.get("next"));
  const form = await parseForm(request, signupSchema);
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  try {
    const user = await createUser(form.data);
    const cookie = await beginSession(request, user.id, context.ip);
    return redirect(next, { headers: { "Set-Cookie": cookie } });
  } catch (error) {
    if (!(error instanceof EmailTakenError)) throw error;
    return data(
      {
        errors: { email: [error.message] } as FieldErrors,
        values: { email: form.data.email, displayName: form.data.displayName },
      },
      { status: 409 },
    );
  }
}

export default function Signup() {
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const search = params.toString() ? `?${params}` : "";
  return (
    <AuthCard
      title="Create your account"
      footer={
        <>
          Already have one?{" "}
          <Link className="text-brand-600 underline dark:text-brand-100" to={`/login${search}`}>
            Log in
          </Link>
        </>
      }
    >
      <Form method="post" action={`/signup${search}`} className="space-y-4" noValidate>
        <FormError message={result?.errors.form?.join(". ")} />
        <Field
          label="Name"
          name="displayName"
          autoComplete="name"
          required
          defaultValue={result?.values.displayName}
          errors={result?.errors.displayName}
        />
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
          autoComplete="new-password"
          required
          hint="At least 10 characters"
          errors={result?.errors.password}
        />
        <Button type="submit" className="w-full" disabled={navigation.state === "submitting"}>
          Sign up
        </Button>
      </Form>
    </AuthCard>
  );
}
