//! Writing generated files atomically, and checking them for staleness.
//!
//! Writing happens in two phases. First every changed file is written to a
//! temporary file in its target folder. An error there removes the
//! temporary files and the folders this run created, so the output is left
//! as it was. Then each temporary file is renamed over its target, which is
//! atomic per file on the same file system.
//!
//! NOTE: a rename that fails (a folder where a file should go) stops the
//! run, and the files renamed before it stay updated; there is no rollback.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A file to write: its final path and contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Final path of the file.
    pub path: PathBuf,
    /// Full file text.
    pub contents: String,
}

/// Outcome of writing one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileStatus {
    /// The file already had these contents and was not touched.
    Unchanged,
    /// The file did not exist.
    Created,
    /// The file existed with other contents.
    Updated,
}

/// Returns the files whose contents on disk differ from `files`, including
/// missing ones. Line endings on disk are compared as `\n`, so a checkout
/// with CRLF conversion is not stale.
pub fn stale_files(files: &[OutputFile]) -> Vec<PathBuf> {
    files
        .iter()
        .filter(|file| current_status(file) != FileStatus::Unchanged)
        .map(|file| file.path.clone())
        .collect()
}

/// Writes every file whose contents changed and returns what happened to
/// each, in the order given.
pub fn write_files(files: &[OutputFile]) -> Result<Vec<(PathBuf, FileStatus)>> {
    let statuses: Vec<FileStatus> = files.iter().map(current_status).collect();
    let mut created_folders = Vec::new();
    let mut staged = Vec::new();

    for (file, status) in files.iter().zip(&statuses) {
        if *status == FileStatus::Unchanged {
            continue;
        }
        match stage(file, &mut created_folders) {
            Ok(temporary) => staged.push((temporary, &file.path)),
            Err(error) => {
                drop(staged);
                remove_created_folders(&created_folders);
                return Err(error);
            }
        }
    }

    for (temporary, path) in staged {
        let existing_permissions = fs::metadata(path)
            .ok()
            .map(|metadata| metadata.permissions());
        let written = temporary.persist(path).map_err(|error| Error::Write {
            path: path.clone(),
            error: error.error,
        })?;
        set_final_permissions(&written, existing_permissions).map_err(|error| Error::Write {
            path: path.clone(),
            error,
        })?;
    }
    Ok(files
        .iter()
        .map(|file| file.path.clone())
        .zip(statuses)
        .collect())
}

/// Gives a written file the permissions of the file it replaced, or
/// `rw-r--r--` for a new file. Temporary files are created `rw-------`,
/// which would otherwise stick to the generated files.
fn set_final_permissions(
    file: &fs::File,
    existing: Option<fs::Permissions>,
) -> std::io::Result<()> {
    if let Some(permissions) = existing {
        return file.set_permissions(permissions);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(fs::Permissions::from_mode(0o644))?;
    }
    Ok(())
}

fn current_status(file: &OutputFile) -> FileStatus {
    match fs::read_to_string(&file.path) {
        Ok(existing) if existing.replace("\r\n", "\n") == file.contents => FileStatus::Unchanged,
        Ok(_) => FileStatus::Updated,
        Err(_) if file.path.exists() => FileStatus::Updated,
        Err(_) => FileStatus::Created,
    }
}

fn stage(file: &OutputFile, created_folders: &mut Vec<PathBuf>) -> Result<tempfile::NamedTempFile> {
    let write_error = |error| Error::Write {
        path: file.path.clone(),
        error,
    };
    let folder = file
        .path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    create_folders(folder, created_folders).map_err(write_error)?;

    let mut temporary = tempfile::Builder::new()
        .prefix(".xtask-gen-")
        .tempfile_in(folder)
        .map_err(write_error)?;
    temporary
        .write_all(file.contents.as_bytes())
        .map_err(write_error)?;
    temporary.as_file().sync_all().map_err(write_error)?;
    Ok(temporary)
}

/// Creates `folder` and its missing ancestors, recording each one created.
fn create_folders(folder: &Path, created: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut missing = Vec::new();
    let mut current = Some(folder);
    while let Some(path) = current {
        if path.as_os_str().is_empty() || path.exists() {
            break;
        }
        missing.push(path.to_path_buf());
        current = path.parent();
    }
    for path in missing.into_iter().rev() {
        fs::create_dir(&path)?;
        created.push(path);
    }
    Ok(())
}

fn remove_created_folders(created: &[PathBuf]) {
    for folder in created.iter().rev() {
        // Only empty folders are removed; a failure leaves an empty folder.
        let _ = fs::remove_dir(folder);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: PathBuf, contents: &str) -> OutputFile {
        OutputFile {
            path,
            contents: contents.to_owned(),
        }
    }

    #[test]
    fn writes_then_reports_unchanged() {
        let folder = tempfile::tempdir().expect("temporary folder");
        let files = [file(folder.path().join("a/b.rs"), "x\n")];
        let first = write_files(&files).expect("first write");
        assert_eq!(first[0].1, FileStatus::Created);
        let second = write_files(&files).expect("second write");
        assert_eq!(second[0].1, FileStatus::Unchanged);
        assert!(stale_files(&files).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_world_readable() {
        use std::os::unix::fs::PermissionsExt;
        let folder = tempfile::tempdir().expect("temporary folder");
        let path = folder.path().join("a.rs");
        write_files(&[file(path.clone(), "x\n")]).expect("write");
        let mode = fs::metadata(&path).expect("metadata").permissions().mode();
        assert_eq!(mode & 0o777, 0o644);
    }

    #[test]
    fn crlf_on_disk_is_not_stale() {
        let folder = tempfile::tempdir().expect("temporary folder");
        let path = folder.path().join("a.rs");
        fs::write(&path, "a\r\nb\r\n").expect("write fixture");
        assert!(stale_files(&[file(path, "a\nb\n")]).is_empty());
    }

    #[test]
    fn failed_write_leaves_nothing_behind() {
        let folder = tempfile::tempdir().expect("temporary folder");
        // A regular file where a folder must go makes the second file fail.
        fs::write(folder.path().join("blocker"), "").expect("write blocker");
        let files = [
            file(folder.path().join("new/one.rs"), "1\n"),
            file(folder.path().join("blocker/two.rs"), "2\n"),
        ];
        assert!(write_files(&files).is_err());
        assert!(
            !folder.path().join("new").exists(),
            "created folder was not removed"
        );
        let leftovers: Vec<_> = fs::read_dir(folder.path())
            .expect("list folder")
            .map(|entry| entry.expect("entry").file_name())
            .collect();
        assert_eq!(leftovers, ["blocker"]);
    }
}
