use super::ManageError;
use crate::db::{AdminExists, AdminUser, Store};
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use secrecy::{ExposeSecret, SecretString};
use std::sync::LazyLock;
use uuid::Uuid;

/// Long enough to resist guessing behind the login throttle; no other rules.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// Creates an admin of the account who signs in with `email` and `password`
/// (stored as an argon2id hash).
pub async fn create_admin(
    store: &dyn Store,
    account_id: Uuid,
    email: &str,
    password: &SecretString,
) -> Result<AdminUser, ManageError> {
    if store.account(account_id).await?.is_none() {
        return Err(ManageError::UnknownAccount(account_id.to_string()));
    }
    let email = normalise_email(email);
    if !email_address::EmailAddress::is_valid(&email) {
        return Err(ManageError::Invalid(format!(
            "{email:?} is not an e-mail address"
        )));
    }
    check_password(password)?;
    let admin = AdminUser {
        id: Uuid::new_v4(),
        account_id,
        email,
        password_hash: hash_password(password)?,
        created_at: crate::clock::now_ms(),
        session_generation: 0,
        language: None,
    };
    match store.create_admin(&admin).await {
        Ok(()) => Ok(admin),
        Err(error) if error.is::<AdminExists>() => Err(ManageError::Invalid(format!(
            "an admin with the e-mail {} already exists",
            admin.email
        ))),
        Err(error) => Err(error.into()),
    }
}

/// Gives the admin with `email` a new password and ends their sessions (a
/// password is changed because the old one may be known: its sessions too).
pub async fn set_admin_password(
    store: &dyn Store,
    email: &str,
    password: &SecretString,
) -> Result<AdminUser, ManageError> {
    let email = normalise_email(email);
    let Some(admin) = store.admin_by_email(&email).await? else {
        return Err(ManageError::Invalid(format!(
            "no admin has the e-mail {email}"
        )));
    };
    check_password(password)?;
    store
        .set_admin_password(admin.id, &hash_password(password)?)
        .await?;
    Ok(admin)
}

fn check_password(password: &SecretString) -> Result<(), ManageError> {
    if password.expose_secret().chars().count() < MIN_PASSWORD_CHARS {
        return Err(ManageError::Invalid(format!(
            "the password must have at least {MIN_PASSWORD_CHARS} characters"
        )));
    }
    Ok(())
}

/// The admin whose e-mail and password these are. An unknown e-mail costs
/// the same hashing time as a wrong password, so timing tells nothing.
pub async fn authenticate(
    store: &dyn Store,
    email: &str,
    password: &SecretString,
) -> anyhow::Result<Option<AdminUser>> {
    let admin = store.admin_by_email(&normalise_email(email)).await?;
    let hash = admin
        .as_ref()
        .map(|a| a.password_hash.clone())
        .unwrap_or_else(|| DUMMY_HASH.clone());
    let password = password.clone();
    // argon2 takes tens of milliseconds of CPU: keep it off the async workers.
    let matches = tokio::task::spawn_blocking(move || verify_password(&hash, &password)).await?;
    Ok(admin.filter(|_| matches))
}

pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

fn hash_password(password: &SecretString) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.expose_secret().as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| anyhow::anyhow!("cannot hash the password: {e}"))
}

fn verify_password(hash: &str, password: &SecretString) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.expose_secret().as_bytes(), &parsed)
            .is_ok()
    })
}

static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    hash_password(&SecretString::from("not a real password".to_owned()))
        .expect("hashing a constant works")
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_and_verify_only_the_right_password() {
        let hash = hash_password(&SecretString::from("correct horse".to_owned())).unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password(
            &hash,
            &SecretString::from("correct horse".to_owned())
        ));
        assert!(!verify_password(
            &hash,
            &SecretString::from("correct horsE".to_owned())
        ));
        assert!(!verify_password(
            "garbage",
            &SecretString::from("x".to_owned())
        ));
    }
}
